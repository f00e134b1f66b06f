package dev.bqsync.function;

import com.google.cloud.firestore.Firestore;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.gcp.BigQueryConnector;
import dev.bqsync.gcp.CloudLoggingJsonLog;
import dev.bqsync.gcp.FirestoreClientFactory;
import dev.bqsync.gcp.FirestoreConnectTicketStore;
import dev.bqsync.gcp.FirestoreConnectionStatusStore;
import dev.bqsync.gcp.FirestoreCrmRecords;
import dev.bqsync.gcp.FirestoreCrmStore;
import dev.bqsync.gcp.FirestoreCursorStore;
import dev.bqsync.gcp.FirestoreLeaseStore;
import dev.bqsync.gcp.FirestoreOAuthStateStore;
import dev.bqsync.gcp.FirestoreParkingLot;
import dev.bqsync.gcp.FirestoreRecordDirectory;
import dev.bqsync.gcp.FirestoreRunLog;
import dev.bqsync.gcp.FirestoreTenantConfigStore;
import dev.bqsync.gcp.FirestoreUsageSink;
import dev.bqsync.gcp.GoogleOAuthClient;
import dev.bqsync.gcp.OAuthCredentials;
import dev.bqsync.gcp.SecretManagerClients;
import dev.bqsync.gcp.SecretManagerSecretStore;
import dev.bqsync.gcp.WriteRamp;
import dev.bqsync.manage.CatalogBrowser;
import dev.bqsync.manage.ConfigurationAdmin;
import dev.bqsync.manage.LiveSchemaCheck;
import dev.bqsync.manage.SuggestionService;
import dev.bqsync.manage.WarehouseReadiness;
import dev.bqsync.oauth.OAuthFlow;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.CrmStore;
import dev.bqsync.port.CursorStore;
import dev.bqsync.port.EventLog;
import dev.bqsync.port.LeaseStore;
import dev.bqsync.port.RunLog;
import dev.bqsync.port.SecretStore;
import dev.bqsync.port.TenantConfigStore;
import dev.bqsync.port.TenantDirectory;
import dev.bqsync.port.UsageSink;
import dev.bqsync.port.WarehouseConnector;
import dev.bqsync.sync.CrmSyncJob;
import dev.bqsync.sync.JobRunner;
import dev.bqsync.sync.UsagePullJob;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The composition root: the one place that builds clients and adapters and wires the use cases, for
 * the functions (once per instance: clients are expensive and thread-safe), the operator CLI and the
 * tests alike. Tests swap single adapters through {@link Builder}; nothing else wires a job.
 */
public final class Components implements AutoCloseable {
  private static volatile Components shared;

  private final Settings settings;
  private final Clock clock;
  private final Firestore firestore;
  private final boolean ownsFirestore;
  private final SecretRedactor redactor = new SecretRedactor();
  private final EventLog log;
  private final FirestoreTenantConfigStore tenants;
  private final ConnectionStatusStore connections;
  private final LeaseStore leases;
  private final CursorStore cursors;
  private final RunLog runLog;
  private final WarehouseConnector warehouses;
  private final CrmStore crmStore;
  private final UsagePullJob usagePull;
  private final CrmSyncJob crmSync;
  private final OAuthFlow oauth;
  private final Supplier<SecretStore> secretStoreFactory;
  private volatile SecretStore secretStore;
  private volatile OAuthCredentials oauthCredentials;
  private final ConfigurationAdmin configurationAdmin;
  private final CatalogBrowser catalog;
  private final SuggestionService suggestions;

  private Components(Builder b) {
    this.settings = b.settings;
    this.clock = b.clock;
    this.ownsFirestore = b.firestore == null;
    this.firestore = ownsFirestore ? FirestoreClientFactory.fromEnvironment(settings.asMap()) : b.firestore;
    // Every reader of secrets gets them through the redactor, so each value loaded is masked in logs.
    this.secretStoreFactory = () -> new LearningSecretStore(b.secretStore != null ? b.secretStore
        : new SecretManagerSecretStore(SecretManagerClients.create(settings.get(Settings.SECRET_MANAGER_EMULATOR_HOST)),
            settings.projectId()), redactor);
    this.log = new CloudLoggingJsonLog(b.stdout, clock, redactor);
    this.tenants = new FirestoreTenantConfigStore(firestore, clock);
    this.connections = new FirestoreConnectionStatusStore(firestore);
    this.leases = new FirestoreLeaseStore(firestore, clock);
    this.cursors = new FirestoreCursorStore(firestore, clock);
    this.runLog = new FirestoreRunLog(firestore, redactor);
    this.warehouses = new BigQueryConnector(settings.get(Settings.BIGQUERY_EMULATOR_HOST),
        settings.get(Settings.BIGQUERY_API_ENDPOINT), settings.projectId(), this::oauthCredentials);
    this.crmStore = b.crmStore != null ? b.crmStore : new FirestoreCrmStore(firestore, clock);
    UsageSink sink = b.usageSink != null ? b.usageSink : new FirestoreUsageSink(firestore,
        new WriteRamp(!settings.firestoreEmulated() && settings.firestoreRampUp(), clock));
    JobRunner.Ports shared = new JobRunner.Ports(tenants, connections, leases, runLog, log, clock);
    this.usagePull = new UsagePullJob(shared, new UsagePullJob.Ports(cursors, warehouses, sink,
        new FirestoreRecordDirectory(firestore), new FirestoreParkingLot(firestore)),
        new JobRunner.Timing(settings.usageTimeBudget(), settings.usageLease(), settings.runRetention()));
    this.crmSync = new CrmSyncJob(shared, new CrmSyncJob.Ports(warehouses, crmStore,
        b.crmChanges != null ? b.crmChanges : new dev.bqsync.gcp.FirestoreCrmChanges(firestore), b.crmWatermarks != null ? b.crmWatermarks
            : new dev.bqsync.gcp.FirestoreCrmWatermarks(firestore, clock),
        b.crmChangeLookback, b.crmLargeChangeSet),
        new JobRunner.Timing(settings.crmTimeBudget(), settings.crmLease(), settings.runRetention()));
    this.oauth = new OAuthFlow(new OAuthFlow.Ports(tenants, new FirestoreConnectTicketStore(firestore),
        new FirestoreOAuthStateStore(firestore), new LazySecretStore(this::secretStore), connections,
        new LearningOAuthClient(googleOAuth(), redactor), log), clock);
    WarehouseReadiness readiness = new WarehouseReadiness(connections);
    this.configurationAdmin = new ConfigurationAdmin(tenants, new LiveSchemaCheck(readiness, warehouses));
    this.catalog = new CatalogBrowser(tenants, readiness, warehouses, clock);
    this.suggestions = new SuggestionService(catalog, warehouses, settings.suggestionMaxBytes());
  }

  /** Components from {@code settings}, with the real clock and stdout unless a test swaps them. */
  public static Builder builder(Settings settings) {
    return new Builder(settings);
  }

  /** Options of the composition root; each swaps one adapter and is meant for tests and local runs. */
  public static final class Builder {
    private final Settings settings;
    private Clock clock = Clock.systemUTC();
    private PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private Firestore firestore;
    private CrmStore crmStore;
    private dev.bqsync.port.CrmWatermarks crmWatermarks;
    private dev.bqsync.port.CrmChanges crmChanges;
    private java.time.Duration crmChangeLookback = dev.bqsync.sync.IncrementalCrmRead.LOOKBACK;
    private dev.bqsync.core.crm.LargeChangeSet crmLargeChangeSet = dev.bqsync.core.crm.LargeChangeSet.DEFAULT;
    private UsageSink usageSink;
    private SecretStore secretStore;

    private Builder(Settings settings) {
      this.settings = settings;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder stdout(PrintStream value) {
      this.stdout = value;
      return this;
    }

    /** A Firestore client the caller owns (and closes). */
    public Builder firestore(Firestore value) {
      this.firestore = value;
      return this;
    }

    /** Tests: how far before the watermark the incremental CRM sync re-reads (15 minutes in production). */
    public Builder crmChangeLookback(java.time.Duration value) {
      this.crmChangeLookback = value;
      return this;
    }

    /** Tests: when an incremental CRM run's change set is large enough to read in full (small in tests). */
    public Builder crmLargeChangeSet(dev.bqsync.core.crm.LargeChangeSet value) {
      this.crmLargeChangeSet = value;
      return this;
    }

    public Builder crmStore(CrmStore value) {
      this.crmStore = value;
      return this;
    }

    /** Benchmarks: the CRM's change reads (a CRM too large for the Firestore emulator, docs/benchmarks.md). */
    public Builder crmChanges(dev.bqsync.port.CrmChanges value) {
      this.crmChanges = value;
      return this;
    }

    /** Tests: the CRM sync's watermarks (a crash injected at the last write of a run). */
    public Builder crmWatermarks(dev.bqsync.port.CrmWatermarks value) {
      this.crmWatermarks = value;
      return this;
    }

    public Builder usageSink(UsageSink value) {
      this.usageSink = value;
      return this;
    }

    public Builder secretStore(SecretStore value) {
      this.secretStore = value;
      return this;
    }

    public Components build() {
      return new Components(this);
    }
  }

  private GoogleOAuthClient googleOAuth() {
    String redirect = settings.get(Settings.OAUTH_REDIRECT_URI);
    return new GoogleOAuthClient(uri(Settings.OAUTH_AUTH_URI, GoogleOAuthClient.GOOGLE_AUTH),
        uri(Settings.OAUTH_TOKEN_URI, GoogleOAuthClient.GOOGLE_TOKEN),
        uri(Settings.OAUTH_TOKENINFO_URI, GoogleOAuthClient.GOOGLE_TOKENINFO),
        URI.create(redirect == null ? "http://localhost/callback" : redirect),
        uri(Settings.OAUTH_REVOKE_URI, GoogleOAuthClient.GOOGLE_REVOKE));
  }

  private URI uri(String name, URI fallback) {
    String value = settings.get(name);
    return value == null ? fallback : URI.create(value);
  }

  /** Secret Manager, built on first use (only OAUTH tenants and the OAuth function need it). */
  public synchronized SecretStore secretStore() {
    if (secretStore == null) {
      secretStore = secretStoreFactory.get();
    }
    return secretStore;
  }

  synchronized OAuthCredentials oauthCredentials() {
    if (oauthCredentials == null) {
      oauthCredentials = new OAuthCredentials(secretStore(), connections,
          uri(Settings.OAUTH_TOKEN_URI, GoogleOAuthClient.GOOGLE_TOKEN), clock, new LearningOAuthClient(googleOAuth(), redactor), log);
    }
    return oauthCredentials;
  }

  /** A SecretStore that builds the real one only when it is first used. */
  private record LazySecretStore(Supplier<SecretStore> store) implements SecretStore {
    @Override
    public Optional<String> latest(String secretId) {
      return store.get().latest(secretId);
    }

    @Override
    public void put(String secretId, String value) {
      store.get().put(secretId, value);
    }

    @Override
    public java.util.List<String> disableOlderVersions(String secretId) {
      return store.get().disableOlderVersions(secretId);
    }

    @Override
    public java.util.List<String> disableAllVersions(String secretId) {
      return store.get().disableAllVersions(secretId);
    }
  }

  /** The instance's components, built on first use from the environment. */
  public static Components shared() {
    Components c = shared;
    if (c == null) {
      synchronized (Components.class) {
        c = shared;
        if (c == null) {
          c = builder(Settings.fromEnvironment()).build();
          shared = c;
        }
      }
    }
    return c;
  }

  /** Makes {@code components} the instance's (tests that serve a function with swapped adapters). */
  static synchronized void useShared(Components components) {
    resetShared();
    shared = components;
  }

  /** Forgets the shared instance (tests that change settings between runs). */
  static synchronized void resetShared() {
    if (shared != null) {
      shared.close();
    }
    shared = null;
  }

  @Override
  public void close() {
    if (ownsFirestore) {
      try {
        firestore.close();
      } catch (Exception ignored) {
        // best effort: the process is ending or a test is switching settings
      }
    }
  }

  public UsagePullJob usagePull() {
    return usagePull;
  }

  public CrmSyncJob crmSync() {
    return crmSync;
  }

  public OAuthFlow oauth() {
    return oauth;
  }

  public TenantConfigStore tenants() {
    return tenants;
  }

  public TenantDirectory tenantDirectory() {
    return tenants;
  }

  public ConfigurationAdmin configurationAdmin() {
    return configurationAdmin;
  }

  public CatalogBrowser catalog() {
    return catalog;
  }

  public SuggestionService suggestions() {
    return suggestions;
  }

  public ConnectionStatusStore connections() {
    return connections;
  }

  public LeaseStore leases() {
    return leases;
  }

  public CursorStore cursors() {
    return cursors;
  }

  public RunLog runLog() {
    return runLog;
  }

  public FirestoreCrmRecords crmRecords() {
    return new FirestoreCrmRecords(firestore);
  }

  public EventLog log() {
    return log;
  }

  public SecretRedactor redactor() {
    return redactor;
  }

  public Clock clock() {
    return clock;
  }

  public String projectId() {
    return settings.projectId();
  }

  public Settings settings() {
    return settings;
  }
}
