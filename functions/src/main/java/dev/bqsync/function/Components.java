package dev.bqsync.function;

import com.google.cloud.firestore.Firestore;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.gcp.BigQueryConnector;
import dev.bqsync.gcp.CloudLoggingJsonLog;
import dev.bqsync.gcp.FirestoreClientFactory;
import dev.bqsync.gcp.FirestoreConnectionStatusStore;
import dev.bqsync.gcp.FirestoreCursorStore;
import dev.bqsync.gcp.FirestoreLeaseStore;
import dev.bqsync.gcp.FirestoreParkingLot;
import dev.bqsync.gcp.FirestoreRecordDirectory;
import dev.bqsync.gcp.FirestoreRunLog;
import dev.bqsync.gcp.FirestoreTenantConfigStore;
import dev.bqsync.gcp.FirestoreUsageSink;
import dev.bqsync.gcp.WriteRamp;
import dev.bqsync.sync.UsagePullJob;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * The composition root: builds the clients and adapters once per function instance (clients are
 * expensive and thread-safe) and wires the use cases.
 */
public final class Components {
  private static volatile Components shared;

  private final Settings settings;
  private final Firestore firestore;
  private final UsagePullJob usagePull;
  private final dev.bqsync.oauth.OAuthFlow oauth;
  private final dev.bqsync.sync.CrmSyncJob crmSync;
  private final String projectId;

  Components(Settings settings, Clock clock, PrintStream stdout) {
    this.settings = settings;
    this.projectId = settings.get(Settings.GOOGLE_CLOUD_PROJECT);
    this.firestore = FirestoreClientFactory.fromEnvironment(settings.asMap());
    SecretRedactor redactor = new SecretRedactor();
    boolean emulated = settings.get(Settings.FIRESTORE_EMULATOR_HOST) != null;
    var ports = new UsagePullJob.Ports(
        new FirestoreTenantConfigStore(firestore, clock),
        new FirestoreConnectionStatusStore(firestore),
        new FirestoreLeaseStore(firestore, clock),
        new FirestoreCursorStore(firestore),
        new FirestoreRunLog(firestore, redactor),
        new CloudLoggingJsonLog(stdout, clock, redactor),
        new BigQueryConnector(settings.get(Settings.BIGQUERY_EMULATOR_HOST), this::oauthCredentials),
        new FirestoreUsageSink(firestore, new WriteRamp(!emulated && settings.flag(Settings.FIRESTORE_RAMP_UP, true), clock)),
        new FirestoreRecordDirectory(firestore),
        new FirestoreParkingLot(firestore),
        clock);
    this.crmSync = new dev.bqsync.sync.CrmSyncJob(new dev.bqsync.sync.CrmSyncJob.Ports(ports.tenants(),
        ports.connections(), ports.leases(), ports.runLog(), ports.log(), ports.warehouses(),
        new dev.bqsync.gcp.FirestoreCrmStore(firestore), clock),
        settings.seconds(Settings.CRM_LEASE_SECONDS, Duration.ofMinutes(55)),
        Duration.ofDays(settings.integer(Settings.RUN_RETENTION_DAYS, 30)));
    this.oauth = new dev.bqsync.oauth.OAuthFlow(ports.tenants(), new dev.bqsync.gcp.FirestoreOAuthStateStore(firestore),
        new LazySecretStore(this::secretStore), ports.connections(), googleOAuth(), ports.log(), clock);
    this.clock = clock;
    UsagePullJob.Settings defaults = UsagePullJob.Settings.defaults();
    this.usagePull = new UsagePullJob(ports, new UsagePullJob.Settings(
        settings.seconds(Settings.USAGE_TIME_BUDGET_SECONDS, defaults.timeBudget()),
        defaults.leaseMargin(),
        Duration.ofDays(settings.integer(Settings.RUN_RETENTION_DAYS, (int) defaults.runRetention().toDays()))));
  }

  private final Clock clock;
  private volatile dev.bqsync.port.SecretStore secretStore;
  private volatile dev.bqsync.gcp.OAuthCredentials oauthCredentials;

  private dev.bqsync.gcp.GoogleOAuthClient googleOAuth() {
    String redirect = settings.get(Settings.OAUTH_REDIRECT_URI);
    return new dev.bqsync.gcp.GoogleOAuthClient(
        uri(Settings.OAUTH_AUTH_URI, dev.bqsync.gcp.GoogleOAuthClient.GOOGLE_AUTH),
        uri(Settings.OAUTH_TOKEN_URI, dev.bqsync.gcp.GoogleOAuthClient.GOOGLE_TOKEN),
        uri(Settings.OAUTH_TOKENINFO_URI, dev.bqsync.gcp.GoogleOAuthClient.GOOGLE_TOKENINFO),
        java.net.URI.create(redirect == null ? "http://localhost/callback" : redirect));
  }

  private java.net.URI uri(String name, java.net.URI fallback) {
    String value = settings.get(name);
    return value == null ? fallback : java.net.URI.create(value);
  }

  /** Secret Manager, built on first use (only OAUTH tenants and the OAuth function need it). */
  synchronized dev.bqsync.port.SecretStore secretStore() {
    if (secretStore == null) {
      secretStore = new dev.bqsync.gcp.SecretManagerSecretStore(
          dev.bqsync.gcp.SecretManagerClients.create(settings.get(Settings.SECRET_MANAGER_EMULATOR_HOST)), projectId);
    }
    return secretStore;
  }

  synchronized dev.bqsync.gcp.OAuthCredentials oauthCredentials() {
    if (oauthCredentials == null) {
      oauthCredentials = new dev.bqsync.gcp.OAuthCredentials(secretStore(), new FirestoreConnectionStatusStore(firestore),
          uri(Settings.OAUTH_TOKEN_URI, dev.bqsync.gcp.GoogleOAuthClient.GOOGLE_TOKEN), clock);
    }
    return oauthCredentials;
  }

  public dev.bqsync.oauth.OAuthFlow oauth() {
    return oauth;
  }

  /** A SecretStore that builds the real one only when it is first used. */
  private record LazySecretStore(java.util.function.Supplier<dev.bqsync.port.SecretStore> store)
      implements dev.bqsync.port.SecretStore {
    @Override
    public java.util.Optional<String> latest(String secretId) {
      return store.get().latest(secretId);
    }

    @Override
    public void put(String secretId, String value) {
      store.get().put(secretId, value);
    }
  }

  /** The instance's components, built on first use from the environment. */
  public static Components shared() {
    Components c = shared;
    if (c == null) {
      synchronized (Components.class) {
        c = shared;
        if (c == null) {
          c = new Components(Settings.fromEnvironment(), Clock.systemUTC(),
              new PrintStream(System.out, true, StandardCharsets.UTF_8));
          shared = c;
        }
      }
    }
    return c;
  }

  /** Forgets the shared instance (tests that change settings between runs). */
  static synchronized void resetShared() {
    if (shared != null) {
      try {
        shared.firestore.close();
      } catch (Exception ignored) {
        // best effort
      }
    }
    shared = null;
  }

  public dev.bqsync.sync.CrmSyncJob crmSync() {
    return crmSync;
  }

  public UsagePullJob usagePull() {
    return usagePull;
  }

  public String projectId() {
    return projectId;
  }

  public Settings settings() {
    return settings;
  }
}
