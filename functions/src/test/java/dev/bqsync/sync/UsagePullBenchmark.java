package dev.bqsync.sync;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.emulator.ExecutedJob;
import dev.bqsync.testing.UsageTestbed;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A usage backlog end to end on Google's Firestore emulator and the BigQuery emulator: rows/s,
 * BigQuery jobs per run, Firestore documents written, heap; then the same documents written by a
 * bare BulkWriter loop to the same emulator, the rate the pull is measured against. Results go to
 * docs/benchmarks.md. Run with (arguments: rows, the share of large rows, their size in bytes):
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl functions exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.bqsync.sync.UsagePullBenchmark \
 *     -Dexec.args="100000 0.05 100000"
 * </pre>
 */
public final class UsagePullBenchmark {
  private static final int USERS = 500;

  private UsagePullBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    double largeShare = args.length > 1 ? Double.parseDouble(args[1]) : 0;
    int largeBytes = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int largeEvery = largeShare <= 0 ? 0 : (int) Math.round(1 / largeShare);
    // -Dbench.bigquery=process: the BigQuery emulator in a JVM of its own, so the pull's JVM does not
    // also serve (and collect the garbage of) every row it reads, as a deployed function does not.
    boolean ownProcess = "process".equals(System.getProperty("bench.bigquery"));
    dev.bqsync.testing.BigQueryEmulatorProcess process = ownProcess
        ? dev.bqsync.testing.BigQueryEmulatorProcess.start(UsageTestbed.PROJECT, "4g") : null;
    UsageTestbed bed = ownProcess ? UsageTestbed.withBigQuery(process.endpoint()) : UsageTestbed.fresh();
    BigQueryEmulator bq = ownProcess ? null : UsageTestbed.bigquery();
    java.util.function.Consumer<String> sql = ownProcess ? process::sql : bed::sql;
    if (ownProcess) {
      process.createDataset("usage", "EU");
      sql.accept("CREATE TABLE usage.login_events (event_id INT64, user_email STRING, event_name STRING, "
          + "event_time TIMESTAMP, company_id STRING, weight FLOAT64, browser STRING)");
      sql.accept("CREATE TABLE usage.api_calls (row_id STRING, company_id STRING, calls STRING, day STRING)");
      sql.accept("CREATE TABLE usage.seats_raw (id INT64, company_id STRING, metric STRING, value NUMERIC, "
          + "measured_at TIMESTAMP)");
      sql.accept("CREATE VIEW usage.seats_v AS SELECT * FROM usage.seats_raw");
    }
    bed.applyTenant(UsageTestbed.tenantJson().replace("\"batchSize\": 2,", "\"batchSize\": 5000,"));
    List<Map<String, Object>> users = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      users.add(Map.of("email", "user" + u + "@acme.example"));
    }
    bed.importRecords(CrmModel.EndUser, users);
    sql.accept("INSERT INTO usage.login_events (event_id, user_email, event_name, event_time, company_id, weight, browser) "
        + "SELECT i, CONCAT('user', CAST(MOD(i, " + USERS + ") AS STRING), '@acme.example'), 'login', "
        + "TIMESTAMP_SECONDS(1763884800 + i), 'c1', 1.0, "
        + (largeEvery == 0 ? "'firefox'" : "IF(MOD(i, " + largeEvery + ") = 0, REPEAT('b', " + largeBytes + "), 'firefox')")
        + " FROM UNNEST(GENERATE_ARRAY(1, " + rows + ")) AS i");
    if (bq != null) {
      bq.clearCounts();
    }
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }

    long start = System.nanoTime();
    JobResult<SectionOutcome> result = bed.job(Clock.systemUTC()).run(JobRequest.usage(UsageTestbed.TENANT, "logins", false), null);
    double seconds = (System.nanoTime() - start) / 1e9;

    SectionOutcome o = result.sections().get(0);
    long queries = bq == null ? -1 : bq.jobs().stream().map(ExecutedJob::statementType).filter("SELECT"::equals).count();
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("status %s: %,d rows read, %,d written in %.1f s = %,.0f rows/s%n", o.status(), o.rowsRead(),
        o.rowsWritten(), seconds, o.rowsRead() / seconds);
    if (bq != null) {
      System.out.printf("BigQuery: %d query job(s) (%d jobs.insert, %d tabledata.list pages), %,d bytes processed%n",
          queries, bq.requestCount("jobs.insert"), bq.requestCount("tabledata.list"), o.bytesProcessed());
    } else {
      System.out.printf("BigQuery (own process): %,d bytes processed%n", o.bytesProcessed());
    }
    System.out.printf("Firestore: %,d user activity documents%n", bed.count("userActivities"));
    System.out.printf("peak heap of the JVM (client%s and test harness together): %d MiB%n",
        ownProcess ? "" : ", emulator", peakHeap >> 20);

    // The same documents, written by nothing but a BulkWriter loop, to another tenant of the same
    // emulator; read back in pages (one query of 100,000 documents stalls the emulator).
    var source = bed.firestore.collection("tenants").document(UsageTestbed.TENANT).collection("userActivities");
    var target = bed.firestore.collection("tenants").document("bare-bulkwriter").collection("userActivities");
    List<com.google.cloud.firestore.QueryDocumentSnapshot> written = new ArrayList<>();
    com.google.cloud.firestore.QueryDocumentSnapshot last = null;
    while (true) {
      var page = (last == null ? source.orderBy(com.google.cloud.firestore.FieldPath.documentId())
          : source.orderBy(com.google.cloud.firestore.FieldPath.documentId()).startAfter(last)).limit(5_000).get().get()
          .getDocuments();
      if (page.isEmpty()) {
        break;
      }
      written.addAll(page);
      last = page.get(page.size() - 1);
    }
    long bareStart = System.nanoTime();
    // unthrottled, as the pull's writes are on the emulator (FIRESTORE_RAMP_UP applies in production)
    // BulkWriter's close() sometimes never returns on the emulator: wait for its flush with a
    // limit, and report a stall instead of hanging.
    var writer = bed.firestore.bulkWriter(com.google.cloud.firestore.BulkWriterOptions.builder()
        .setThrottlingEnabled(false).build());
    for (var doc : written) {
      writer.create(target.document(doc.getId()), doc.getData());
    }
    try {
      writer.flush().get(Long.getLong("bench.bareFlushSeconds", 300), java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      System.out.printf("bare BulkWriter: stalled (no answer to flush() within %d s); no comparison this run%n",
          Long.getLong("bench.bareFlushSeconds", 300));
      System.exit(0);
    }
    double bareSeconds = (System.nanoTime() - bareStart) / 1e9;
    double pullRate = o.rowsWritten() / seconds;
    double bareRate = written.size() / bareSeconds;
    System.out.printf("bare BulkWriter: %,d documents in %.1f s = %,.0f docs/s; the pull writes at %.0f%% of it%n",
        written.size(), bareSeconds, bareRate, 100 * pullRate / bareRate);
    System.exit(0);
  }
}
