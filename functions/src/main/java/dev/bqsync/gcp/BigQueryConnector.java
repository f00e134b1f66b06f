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
 * SERVICE_ACCOUNT_IMPERSONATION uses our runtime identity to impersonate the named service account,
 * and OAUTH uses the tenant's UserCredentials built from the refresh token in Secret Manager.
 */
public final class BigQueryConnector implements WarehouseConnector {
  public static final String EMULATOR_HOST = "BIGQUERY_EMULATOR_HOST";
  private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/bigquery");

  private final String emulatorHost;
  private final String apiEndpoint;
  private final java.util.function.Supplier<OAuthCredentials> oauth;
  private final Map<Connection, BigQuery> clients = new ConcurrentHashMap<>();

  /** {@code oauth} is asked for only when an OAUTH tenant runs against real BigQuery. */
  public BigQueryConnector(String emulatorHost, java.util.function.Supplier<OAuthCredentials> oauth) {
    this(emulatorHost, null, oauth);
  }

  /**
   * {@code apiEndpoint} overrides BigQuery's API endpoint (a private or restricted endpoint) while
   * keeping the tenant's real credentials; unlike the emulator host, it authenticates every call.
   */
  public BigQueryConnector(String emulatorHost, String apiEndpoint, java.util.function.Supplier<OAuthCredentials> oauth) {
    this.emulatorHost = emulatorHost == null || emulatorHost.isBlank() ? null : emulatorHost;
    this.apiEndpoint = apiEndpoint == null || apiEndpoint.isBlank() ? null : apiEndpoint;
    this.oauth = oauth;
  }

  public BigQueryConnector(String emulatorHost) {
    this(emulatorHost, null, () -> {
      throw new NeedsAttentionException("OAuth connections are not configured in this process");
    });
  }

  @Override
  public UsageSource usageSource(TenantConfig tenant) {
    return new BigQueryUsageSource(client(tenant));
  }

  /** The tenant's client; for OAUTH the credentials are checked (and refreshed) on every run. */
  BigQuery client(TenantConfig tenant) {
    Connection connection = tenant.connection();
    if (emulatorHost == null && connection.auth() instanceof Auth.OAuthClient client) {
      var credentials = oauth.get().forTenant(tenant.tenantId(), client);
      return clients.computeIfAbsent(connection, c -> withEndpoint(BigQueryOptions.newBuilder()
          .setProjectId(c.billingProject()).setLocation(c.location()).setCredentials(credentials)).build().getService());
    }
    return client(connection);
  }

  @Override
  public dev.bqsync.port.CrmWarehouse crmWarehouse(TenantConfig tenant) {
    return new BigQueryCrmWarehouse(client(tenant));
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
        return withEndpoint(options.setCredentials(ImpersonatedCredentials.create(source, sa.serviceAccount(), null,
            SCOPES, 3600))).build().getService();
      } catch (IOException e) {
        throw new NeedsAttentionException("no Application Default Credentials to impersonate " + sa.serviceAccount()
            + ": run the function with a service account (Terraform does), or 'gcloud auth application-default login'"
            + " for the CLI", e);
      }
    }
    throw new IllegalStateException("OAUTH connections are built per tenant");
  }

  private BigQueryOptions.Builder withEndpoint(BigQueryOptions.Builder options) {
    if (apiEndpoint != null) {
      options.setHost(apiEndpoint.startsWith("http") ? apiEndpoint : "http://" + apiEndpoint);
    }
    return options;
  }
}
