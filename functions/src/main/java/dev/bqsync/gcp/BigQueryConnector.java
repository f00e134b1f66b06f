package dev.bqsync.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.Connection;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.port.UsageSource;
import dev.bqsync.port.WarehouseConnector;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BigQuery clients per tenant connection, built once per instance. {@code BIGQUERY_EMULATOR_HOST}
 * points every client at the local emulator with NoCredentials; otherwise
 * SERVICE_ACCOUNT_IMPERSONATION uses our runtime identity to impersonate the named service account.
 * OAUTH connections need the tenant's stored refresh token, which the OAuth issue (#6) adds.
 */
public final class BigQueryConnector implements WarehouseConnector {
  public static final String EMULATOR_HOST = "BIGQUERY_EMULATOR_HOST";
  private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/bigquery");

  private final String emulatorHost;
  private final Map<Connection, BigQuery> clients = new ConcurrentHashMap<>();

  public BigQueryConnector(String emulatorHost) {
    this.emulatorHost = emulatorHost == null || emulatorHost.isBlank() ? null : emulatorHost;
  }

  @Override
  public UsageSource usageSource(TenantConfig tenant) {
    return new BigQueryUsageSource(client(tenant.connection()));
  }

  @Override
  public dev.bqsync.port.CrmWarehouse crmWarehouse(TenantConfig tenant) {
    return new BigQueryCrmWarehouse(client(tenant.connection()));
  }

  BigQuery client(Connection connection) {
    return clients.computeIfAbsent(connection, this::build);
  }

  private BigQuery build(Connection connection) {
    BigQueryOptions.Builder options = BigQueryOptions.newBuilder()
        .setProjectId(connection.billingProject())
        .setLocation(connection.location());
    if (emulatorHost != null) {
      String host = emulatorHost.startsWith("http") ? emulatorHost : "http://" + emulatorHost;
      return options.setHost(host).setCredentials(NoCredentials.getInstance()).build().getService();
    }
    if (connection.auth() instanceof Auth.ServiceAccountImpersonation sa) {
      try {
        GoogleCredentials source = GoogleCredentials.getApplicationDefault();
        return options.setCredentials(ImpersonatedCredentials.create(source, sa.serviceAccount(), null, SCOPES, 3600))
            .build().getService();
      } catch (IOException e) {
        throw new IllegalStateException("no Application Default Credentials to impersonate " + sa.serviceAccount(), e);
      }
    }
    throw new NeedsAttentionException("this build cannot use OAUTH connections yet (stored refresh tokens come with the "
        + "OAuth function): connect the tenant with SERVICE_ACCOUNT_IMPERSONATION, or run against the emulator");
  }
}
