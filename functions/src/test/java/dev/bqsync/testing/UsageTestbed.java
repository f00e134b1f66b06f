package dev.bqsync.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.gcp.BigQueryConnector;
import dev.bqsync.gcp.CloudLoggingJsonLog;
import dev.bqsync.gcp.FirestoreConnectionStatusStore;
import dev.bqsync.gcp.FirestoreCrmRecords;
import dev.bqsync.gcp.FirestoreCursorStore;
import dev.bqsync.gcp.FirestoreLeaseStore;
import dev.bqsync.gcp.FirestoreParkingLot;
import dev.bqsync.gcp.FirestoreRecordDirectory;
import dev.bqsync.gcp.FirestoreRunLog;
import dev.bqsync.gcp.FirestoreTenantConfigStore;
import dev.bqsync.gcp.FirestoreUsageSink;
import dev.bqsync.gcp.WriteRamp;
import dev.bqsync.function.Components;
import dev.bqsync.function.Settings;
import dev.bqsync.sync.JobRunner;
import dev.bqsync.sync.UsagePullJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Google's Firestore emulator and our BigQuery emulator, both shared by the test JVM and emptied
 * per test, with the usage tables of src/test/resources/tenant-usage-test.json and the real
 * adapters wired as the function wires them.
 */
public final class UsageTestbed {
  public static final String PROJECT = "acme-analytics";
  public static final String TENANT = "acme";
  private static BigQueryEmulator bigquery;

  public final Firestore firestore;
  public final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private final java.util.function.Supplier<String> bigqueryEndpoint;

  private UsageTestbed() {
    this(() -> bigquery().endpoint());
  }

  private UsageTestbed(java.util.function.Supplier<String> bigqueryEndpoint) {
    this.firestore = FirestoreEmulator.shared().firestore();
    this.bigqueryEndpoint = bigqueryEndpoint;
  }

  /**
   * A testbed on an emptied Firestore emulator and a BigQuery emulator the caller runs (a benchmark's
   * own process): nothing is created in BigQuery, no tenant is applied, and {@link #sql} and the
   * other helpers that use the shared in-process emulator must not be called.
   */
  public static UsageTestbed withBigQuery(String endpoint) {
    FirestoreEmulator.shared().reset();
    return new UsageTestbed(() -> endpoint);
  }

  public static synchronized BigQueryEmulator bigquery() {
    if (bigquery == null) {
      bigquery = BigQueryEmulator.builder().projects(PROJECT).start();
      Runtime.getRuntime().addShutdownHook(new Thread(bigquery::close, "bigquery-emulator-stop"));
    }
    return bigquery;
  }

  /** A fresh testbed: both emulators emptied, usage tables created, the tenant applied, CRM records present. */
  public static UsageTestbed fresh() {
    FirestoreEmulator.shared().reset();
    BigQueryEmulator bq = bigquery();
    bq.reset();
    UsageTestbed bed = new UsageTestbed();
    bed.createTables();
    bed.applyTenant(tenantJson());
    bed.importRecords(CrmModel.EndUser, List.of(Map.of("email", "ada@acme.example"), Map.of("email", "Bob@Acme.example")));
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c1"), Map.of("externalId", "c2")));
    return bed;
  }

  /** A fresh testbed for the CRM sync: its tables and tenant (crmSetup), and no CRM records yet. */
  public static UsageTestbed freshCrm() {
    UsageTestbed bed = fresh();
    bed.crmSetup();
    bed.deleteRecords(CrmModel.Company);
    bed.deleteRecords(CrmModel.EndUser);
    return bed;
  }

  public static String tenantJson() {
    return ProjectFiles.read("functions/src/test/resources/tenant-usage-test.json");
  }

  private void createTables() {
    BigQueryEmulator bq = bigquery();
    bq.createDataset(PROJECT, "usage", "EU");
    sql("CREATE TABLE usage.login_events (event_id INT64, user_email STRING, event_name STRING, event_time TIMESTAMP, "
        + "company_id STRING, weight FLOAT64, browser STRING)");
    sql("CREATE TABLE usage.api_calls (row_id STRING, company_id STRING, calls STRING, day STRING)");
    sql("CREATE TABLE usage.seats_raw (id INT64, company_id STRING, metric STRING, value NUMERIC, measured_at TIMESTAMP)");
    sql("CREATE VIEW usage.seats_v AS SELECT * FROM usage.seats_raw");
  }

  /** The CRM sync's tables: crm.companies and crm.end_users with the view crm.end_users_v, and its tenant. */
  public void crmSetup() {
    bigquery().createDataset(PROJECT, "crm", "EU");
    sql("CREATE TABLE crm.companies (company_id STRING, name STRING, mrr NUMERIC, renewal_date DATE, employees INT64, "
        + "last_activity TIMESTAMP, tags JSON, tier STRING, is_active BOOL, updated_at TIMESTAMP)");
    sql("CREATE TABLE crm.end_users (email STRING, first_name STRING, company_id STRING)");
    sql("CREATE VIEW crm.end_users_v AS SELECT email, first_name, company_id FROM crm.end_users");
    applyTenant(ProjectFiles.read("functions/src/test/resources/tenant-crm-test.json"));
  }

  /** Deletes one CRM record, as the CRM application would. */
  public void deleteRecord(CrmModel model, String id) {
    try {
      firestore.collection("tenants").document(TENANT).collection("models").document(model.name())
          .collection("records").document(id).delete().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes every CRM record of a model. */
  public void deleteRecords(CrmModel model) {
    try {
      var records = firestore.collection("tenants").document(TENANT).collection("models").document(model.name())
          .collection("records");
      for (DocumentSnapshot doc : records.get().get().getDocuments()) {
        doc.getReference().delete().get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public dev.bqsync.sync.CrmSyncJob crmJob(Clock clock) {
    return components(clock, Map.of(), b -> { }).crmSync();
  }

  public dev.bqsync.sync.CrmSyncJob crmJob(Clock clock, dev.bqsync.port.CrmStore store) {
    return components(clock, Map.of(), b -> b.crmStore(store)).crmSync();
  }

  /**
   * The composition root the functions use, on the shared emulators, with this testbed's log stream
   * and Firestore client; {@code settings} add to the emulator settings, {@code tweak} swaps adapters.
   */
  public Components components(Clock clock, Map<String, String> settings,
      java.util.function.Consumer<Components.Builder> tweak) {
    Map<String, String> all = new java.util.HashMap<>(Map.of(
        Settings.FIRESTORE_EMULATOR_HOST, FirestoreEmulator.shared().hostPort(),
        Settings.GOOGLE_CLOUD_PROJECT, FirestoreEmulator.PROJECT,
        Settings.BIGQUERY_EMULATOR_HOST, bigqueryEndpoint.get()));
    all.putAll(settings);
    Components.Builder builder = Components.builder(new Settings(all)).clock(clock).firestore(firestore)
        .stdout(new PrintStream(logs, true, StandardCharsets.UTF_8)).usageSink(new FirestoreUsageSink(firestore,
            WriteRamp.off()));
    tweak.accept(builder);
    return builder.build();
  }

  /** A CRM record's fields as stored (custom fields under "custom"). */
  public Map<String, Object> record(CrmModel model, String id) {
    try {
      var doc = firestore.collection("tenants").document(TENANT).collection("models").document(model.name())
          .collection("records").document(id).get().get();
      return doc.exists() ? doc.getData() : null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A record's fields without {@code changedAt}: the commit time differs between two runs that
   * otherwise write the same, so end-state comparisons leave it out (FirestoreCrmChangedAtTest checks it).
   */
  public static Map<String, Object> withoutChangedAt(Map<String, Object> data) {
    Map<String, Object> out = new TreeMap<>(data);
    out.remove(dev.bqsync.gcp.FirestoreCrmRecords.CHANGED_AT);
    return out;
  }

  /** Every CRM record of a model and every BigQuery row of a table, as sorted text, to compare end states. */
  public String crmState() {
    Map<String, Object> state = new TreeMap<>();
    for (CrmModel model : List.of(CrmModel.Company, CrmModel.EndUser)) {
      try {
        for (DocumentSnapshot doc : firestore.collection("tenants").document(TENANT).collection("models")
            .document(model.name()).collection("records").get().get().getDocuments()) {
          state.put(model + "/" + doc.getId(), String.valueOf(withoutChangedAt(doc.getData())));
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    state.put("bigquery", bigqueryRows("SELECT * FROM crm.companies ORDER BY company_id"));
    return String.valueOf(state);
  }

  public String bigqueryRows(String sql) {
    com.google.cloud.bigquery.BigQuery client = com.google.cloud.bigquery.BigQueryOptions.newBuilder()
        .setHost(bigquery().endpoint()).setProjectId(PROJECT)
        .setCredentials(com.google.cloud.NoCredentials.getInstance()).build().getService();
    try {
      StringBuilder out = new StringBuilder();
      client.query(com.google.cloud.bigquery.QueryJobConfiguration.of(sql)).iterateAll().forEach(row -> {
        StringBuilder line = new StringBuilder();
        row.forEach(v -> line.append(v.isNull() ? "null" : v.getValue()).append("|"));
        out.append(line).append("\n");
      });
      return out.toString();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public void sql(String googleSql) {
    bigquery().execute(PROJECT, googleSql);
  }

  /** Inserts login rows (event_id, user_email, event_name, event_time) for keys in [from, to]. */
  public void logins(int from, int to, String email) {
    StringBuilder values = new StringBuilder();
    for (int k = from; k <= to; k++) {
      values.append(values.length() == 0 ? "" : ", ").append("(").append(k).append(", '").append(email)
          .append("', 'login', TIMESTAMP '2026-11-23 08:00:00', 'c1', 1.5, 'firefox')");
    }
    sql("INSERT INTO usage.login_events (event_id, user_email, event_name, event_time, company_id, weight, browser) VALUES "
        + values);
  }

  public void applyTenant(String json) {
    TenantConfig config = new TenantConfigParser().parse(json);
    new FirestoreTenantConfigStore(firestore, Clock.systemUTC()).save(config);
  }

  public void importRecords(CrmModel model, List<Map<String, Object>> records) {
    new FirestoreCrmRecords(firestore).upsert(TENANT, model, records);
  }

  /** Every port of a usage pull, so a crash test can swap one of them. */
  public record Ports(dev.bqsync.port.TenantConfigStore tenants, dev.bqsync.port.ConnectionStatusStore connections,
      dev.bqsync.port.LeaseStore leases, dev.bqsync.port.CursorStore cursors, dev.bqsync.port.RunLog runLog,
      dev.bqsync.port.EventLog log, dev.bqsync.port.WarehouseConnector warehouses, dev.bqsync.port.UsageSink sink,
      dev.bqsync.port.RecordDirectory directory, dev.bqsync.port.ParkingLot parking, Clock clock) {}

  public Ports ports(Clock clock) {
    SecretRedactor redactor = new SecretRedactor();
    return new Ports(
        new FirestoreTenantConfigStore(firestore, clock),
        new FirestoreConnectionStatusStore(firestore),
        new FirestoreLeaseStore(firestore, clock),
        new FirestoreCursorStore(firestore, clock),
        new FirestoreRunLog(firestore, redactor),
        new CloudLoggingJsonLog(new PrintStream(logs, true, StandardCharsets.UTF_8), clock, redactor),
        new BigQueryConnector(bigquery().endpoint()),
        new FirestoreUsageSink(firestore, WriteRamp.off()),
        new FirestoreRecordDirectory(firestore),
        new FirestoreParkingLot(firestore),
        clock);
  }

  /** A usage pull on explicit ports (crash tests swap one); the timing the functions default to. */
  public static UsagePullJob job(Ports p) {
    return job(p, new JobRunner.Timing(Duration.ofMinutes(20), Duration.ofMinutes(35), Duration.ofDays(30)));
  }

  public static UsagePullJob job(Ports p, JobRunner.Timing timing) {
    return new UsagePullJob(new JobRunner.Ports(p.tenants(), p.connections(), p.leases(), p.runLog(), p.log(), p.clock()),
        new UsagePullJob.Ports(p.cursors(), p.warehouses(), p.sink(), p.directory(), p.parking()), timing);
  }

  public UsagePullJob job(Clock clock) {
    return components(clock, Map.of(), b -> { }).usagePull();
  }

  public List<DocumentSnapshot> documents(String collection) {
    try {
      return List.copyOf(firestore.collection("tenants").document(TENANT).collection(collection).get().get()
          .getDocuments());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many documents a tenant collection holds (an aggregation query: no documents are read). */
  public long count(String collection) {
    try {
      return firestore.collection("tenants").document(TENANT).collection(collection).count().get().get().getCount();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every usage document the tenant has, as sorted JSON, to compare two runs' end states. */
  public String usageState() {
    Map<String, Object> state = new TreeMap<>();
    for (String collection : List.of("userActivities", "customMetrics", "customMetricPoints", "parkedUsage")) {
      for (DocumentSnapshot doc : documents(collection)) {
        Map<String, Object> data = new TreeMap<>(doc.getData());
        data.remove("firstParkedAt");
        state.put(collection + "/" + doc.getId(), String.valueOf(new TreeMap<>(data)));
      }
    }
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(state);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String logText() {
    return logs.toString(StandardCharsets.UTF_8);
  }
}
