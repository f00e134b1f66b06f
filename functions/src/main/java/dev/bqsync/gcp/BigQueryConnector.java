package dev.bqsync.gcp;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.Connection;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantIdentities;
import dev.bqsync.port.Catalog;
import dev.bqsync.port.ColumnProfiler;
import dev.bqsync.port.CrmWarehouse;
import dev.bqsync.port.UsageSource;
import dev.bqsync.port.WarehouseConnector;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * BigQuery clients per tenant. {@code BIGQUERY_EMULATOR_HOST} points every client at the local
 * emulator with NoCredentials; otherwise SERVICE_ACCOUNT_IMPERSONATION impersonates the tenant's
 * own service account (named from its id, never from its configuration), and OAUTH uses the
 * tenant's UserCredentials of its current connection generation. A client is kept per tenant and
 * rebuilt when the tenant's connection or credentials change, so a warm instance follows a
 * reconnect and no two tenants ever share a client.
 */
public final class BigQueryConnector implements WarehouseConnector {
  public static final String EMULATOR_HOST = "BIGQUERY_EMULATOR_HOST";
  private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/bigquery");

  private final String emulatorHost;
  private final String apiEndpoint;
  private final String bqsyncProject;
  private final Supplier<OAuthCredentials> oauth;
  private final Map<String, Built> clients = new ConcurrentHashMap<>();
  private final Map<String, Credentials> impersonated = new ConcurrentHashMap<>();

  /** A tenant's client and what it was built from. */
  private record Built(Connection connection, Credentials credentials, BigQuery client) {}

  /**
   * {@code apiEndpoint} overrides BigQuery's API endpoint (a private or restricted endpoint) while
   * keeping the tenant's real credentials; unlike the emulator host, it authenticates every call.
   * {@code bqsyncProject} is where the tenants' service accounts live; {@code oauth} is asked for
   * only when an OAUTH tenant runs against real BigQuery.
   */
  public BigQueryConnector(String emulatorHost, String apiEndpoint, String bqsyncProject,
      Supplier<OAuthCredentials> oauth) {
    this.emulatorHost = emulatorHost == null || emulatorHost.isBlank() ? null : emulatorHost;
    this.apiEndpoint = apiEndpoint == null || apiEndpoint.isBlank() ? null : apiEndpoint;
    this.bqsyncProject = bqsyncProject;
    this.oauth = oauth;
  }

  public BigQueryConnector(String emulatorHost) {
    this(emulatorHost, null, null, () -> {
      throw new NeedsAttentionException("OAuth connections are not configured in this process");
    });
  }

  @Override
  public UsageSource usageSource(TenantConfig tenant) {
    return new BigQueryUsageSource(client(tenant));
  }

  @Override
  public CrmWarehouse crmWarehouse(TenantConfig tenant) {
    return new BigQueryCrmWarehouse(client(tenant));
  }

  @Override
  public dev.bqsync.port.CrmSyncState crmSyncState(TenantConfig tenant) {
    BigQuery client = client(tenant);
    return new BigQueryCrmSyncState(client, new BigQueryCrmWarehouse(client));
  }

  @Override
  public Catalog catalog(TenantConfig tenant) {
    return new BigQueryCatalog(client(tenant));
  }

  @Override
  public ColumnProfiler profiler(TenantConfig tenant) {
    return new BigQueryColumnProfiler(client(tenant));
  }

  /** The tenant's client; for OAUTH the credentials are checked (and refreshed) on every run. */
  BigQuery client(TenantConfig tenant) {
    Connection connection = tenant.connection();
    Credentials credentials = credentials(tenant);
    Built built = clients.compute(tenant.tenantId(), (id, old) ->
        old != null && old.connection().equals(connection) && old.credentials() == credentials ? old
            : new Built(connection, credentials, build(connection, credentials)));
    return built.client();
  }

  private Credentials credentials(TenantConfig tenant) {
    if (emulatorHost != null) {
      return NoCredentials.getInstance();
    }
    if (tenant.connection().auth() instanceof Auth.OAuthClient client) {
      return oauth.get().forTenant(tenant.tenantId(), client);
    }
    return impersonated.computeIfAbsent(tenant.tenantId(), this::impersonate);
  }

  private Credentials impersonate(String tenantId) {
    if (bqsyncProject == null) {
      throw new NeedsAttentionException("GOOGLE_CLOUD_PROJECT is not set, so the tenant's service account cannot be "
          + "named: set it to bqsync's project");
    }
    String account = TenantIdentities.serviceAccountEmail(tenantId, bqsyncProject);
    try {
      return ImpersonatedCredentials.create(GoogleCredentials.getApplicationDefault(), account, null, SCOPES, 3600);
    } catch (IOException e) {
      throw new NeedsAttentionException("no Application Default Credentials to impersonate " + account
          + ": run the function with a service account (Terraform does), or 'gcloud auth application-default login'"
          + " for the CLI", e);
    }
  }

  private BigQuery build(Connection connection, Credentials credentials) {
    BigQueryOptions.Builder options = BigQueryOptions.newBuilder()
        .setProjectId(connection.billingProject())
        .setLocation(connection.location())
        .setCredentials(credentials);
    if (emulatorHost != null) {
      return options.setHost(emulatorHost.startsWith("http") ? emulatorHost : "http://" + emulatorHost).build()
          .getService();
    }
    if (apiEndpoint != null) {
      options.setHost(apiEndpoint.startsWith("http") ? apiEndpoint : "http://" + apiEndpoint);
    }
    return options.build().getService();
  }
}
