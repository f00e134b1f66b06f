package dev.bqsync.sync;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.testing.BigQueryEmulatorProcess;
import dev.bqsync.testing.HeapWatch;
import dev.bqsync.testing.InMemoryCrm;
import dev.bqsync.testing.ProjectFiles;
import dev.bqsync.testing.UsageTestbed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The full-read CRM sync against the incremental one, side by side in one run: N companies on each
 * side (default 100,000), a first sync that creates the CRM records, then 1% changed (0.5% in
 * BigQuery, 0.5% in the CRM) and the second sync measured, once for a tenant without a state
 * dataset (full read) and once with one (incremental), then a run with no change. Per measured run:
 * wall time, this JVM's CPU time (the sync's work without the emulators'), BigQuery jobs, bytes
 * processed, rows transferred, CRM documents read, CRM writes, and the heap the run added to this JVM. The BigQuery emulator runs in a process of its own, so the
 * heap is the sync's; the CRM is Google's Firestore emulator ({@code -Dbench.crm=firestore}, the
 * default) or, for sizes the Firestore emulator cannot hold in reasonable time, {@link InMemoryCrm}
 * ({@code -Dbench.crm=memory}). Results go to docs/benchmarks.md. Run with:
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * MAVEN_OPTS=-Xmx8g mvn -B -q -pl functions exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.bqsync.sync.CrmSyncBenchmark -Dbench.records=100000 -Dbqsync.firestoreEmulatorHeap=4g
 * MAVEN_OPTS=-Xmx8g mvn -B -q -pl functions exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.bqsync.sync.CrmSyncBenchmark -Dbench.records=1000000 -Dbench.crm=memory
 * </pre>
 *
 * <p>{@code -Dbench.changeEvery=20} changes 1 in 20 per side (10% in all); {@code
 * -Dbench.heapSamplingMs=250} measures the peak live heap of the incremental, echo and no-change runs
 * exactly (a full collection every 250 ms; their times are then not the runs').
 */
public final class CrmSyncBenchmark {
  private static final int RECORDS = Integer.getInteger("bench.records", 100_000);
  private static final boolean IN_MEMORY_CRM = "memory".equals(System.getProperty("bench.crm", "firestore"));
  private static final String EMULATOR_HEAP = System.getProperty("bench.bigqueryEmulatorHeap", "6g");
  private static final int INSERT_CHUNK = 1_000_000;
  /** One in this many rows changes in BigQuery, and as many records in the CRM: 200 is 0.5% per side, 1% in all. */
  private static final int CHANGE_EVERY = Integer.getInteger("bench.changeEvery", 200);
  /** Above 0: a full collection every this many ms during each run, for its exact peak live heap (times slowed). */
  private static final long HEAP_SAMPLING_MS = Long.getLong("bench.heapSamplingMs", 0);

  /** The testbed whose log lines a failed run prints. */
  private static UsageTestbed logs;

  private CrmSyncBenchmark() {}

  public static void main(String[] args) {
    try {
      run();
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run() {
    BigQueryEmulatorProcess bq = BigQueryEmulatorProcess.start(UsageTestbed.PROJECT, EMULATOR_HEAP);
    UsageTestbed bed = UsageTestbed.withBigQuery(bq.endpoint());
    logs = bed;
    bq.createDataset("crm", "EU");
    bq.sql("CREATE TABLE crm.companies (company_id STRING, name STRING, mrr NUMERIC, renewal_date DATE, employees INT64, "
        + "last_activity TIMESTAMP, tags JSON, tier STRING, is_active BOOL, updated_at TIMESTAMP)");
    bq.sql("CREATE TABLE crm.end_users (email STRING, first_name STRING, company_id STRING)");
    bq.sql("CREATE VIEW crm.end_users_v AS SELECT email, first_name, company_id FROM crm.end_users");
    String tenant = ProjectFiles.read("functions/src/test/resources/tenant-crm-test.json");
    bed.applyTenant(tenant);
    for (int from = 1; from <= RECORDS; from += INSERT_CHUNK) {
      bq.sql("INSERT INTO crm.companies (company_id, name, mrr, renewal_date, employees, is_active) "
          + "SELECT CONCAT('c', CAST(i AS STRING)), CONCAT('Company ', CAST(i AS STRING)), CAST(MOD(i, 1000) AS NUMERIC), "
          + "DATE '2027-01-31', MOD(i, 500), MOD(i, 2) = 0 FROM UNNEST(GENERATE_ARRAY(" + from + ", "
          + Math.min(RECORDS, from + INSERT_CHUNK - 1) + ")) AS i");
    }
    InMemoryCrm memory = IN_MEMORY_CRM ? new InMemoryCrm(UsageTestbed.TENANT, CrmModel.Company) : null;
    CrmSyncJob job = bed.components(Clock.systemUTC(), Map.of(), b -> {
      b.crmChangeLookback(Duration.ZERO);
      if (memory != null) {
        b.crmStore(memory.store()).crmChanges(memory.changes());
      }
    }).crmSync();
    System.out.printf("%,d companies per side, 1 in %d changed per side; CRM: %s; BigQuery emulator in its own "
        + "process%s%n", RECORDS, CHANGE_EVERY, IN_MEMORY_CRM ? "in memory (InMemoryCrm)" : "Firestore emulator",
        HEAP_SAMPLING_MS > 0 ? "; heap of the runs after the first with a state sampled by a full "
        + "collection every " + HEAP_SAMPLING_MS + " ms (their times slowed)" : "");

    Measured first = measure("first sync (creates, no state)", job);
    System.out.println(first);

    edit(bq, bed, memory, 0);
    Measured full = measure("second sync, full read (no state dataset)", job);
    System.out.println(full);

    // The same tenant with a state dataset: its first run reads in full and writes the state.
    bed.applyTenant(tenant.replace("\"allowedProjects\"",
        "\"stateDataset\": \"acme-analytics.bqsync_state\", \"allowedProjects\""));
    System.out.println(measure("first run with a state (full read, state written)", job));
    edit(bq, bed, memory, 1);
    Measured incremental = measure("second sync, incremental", job, true);
    System.out.println(incremental);
    System.out.println(measure("echo run (reads the last run's CRM writes back)", job, true));
    System.out.println(measure("no-change run", job, true));
    System.out.printf("incremental vs full: %.1fx less wall time, %.1fx less wall time outside BigQuery's jobs, "
        + "%.1fx less CPU in this JVM, %,d vs %,d rows transferred, %,d vs %,d CRM reads%n",
        full.seconds / incremental.seconds, full.outsideBigQuery() / incremental.outsideBigQuery(),
        full.cpuSeconds / incremental.cpuSeconds, incremental.counts.rowsTransferred(), full.counts.rowsTransferred(),
        incremental.counts.crmReads(), full.counts.crmReads());
  }

  /**
   * 1 in {@link #CHANGE_EVERY} names in BigQuery and as many employee counts in the CRM (0.5% each by
   * default); {@code round} makes each edit new.
   */
  private static void edit(BigQueryEmulatorProcess bq, UsageTestbed bed, InMemoryCrm memory, int round) {
    bq.sql("UPDATE crm.companies SET name = CONCAT(name, ' R" + round + "') WHERE MOD(CAST(SUBSTR(company_id, 2) AS "
        + "INT64), " + CHANGE_EVERY + ") = 0");
    // As the CRM application would: a merge of one field, which keeps the record's other fields and snapshot.
    List<Map<String, Object>> edits = new ArrayList<>();
    for (int n = CHANGE_EVERY / 2; n <= RECORDS; n += CHANGE_EVERY) {
      edits.add(Map.of("externalId", "c" + n, "employees", 10_000L * (round + 1) + n));
    }
    if (memory != null) {
      memory.upsert(edits);
    } else {
      bed.importRecords(CrmModel.Company, edits);
    }
  }

  private record Measured(String what, double seconds, double cpuSeconds, CrmCounts counts, HeapWatch.Added heap) {
    /** Wall time less the time BigQuery (the emulator) ran the run's jobs: the function's own part. */
    double outsideBigQuery() {
      return seconds - counts.bigQueryMs() / 1000.0;
    }

    @Override
    public String toString() {
      return String.format("%s: %.1f s, %.1f s of it outside BigQuery's jobs (%.1f s CPU in this JVM); %d BigQuery "
          + "jobs running %.1f s, %,d bytes processed, %,d rows transferred; %,d CRM reads, %,d CRM writes, %,d "
          + "BigQuery rows written; %s", what, seconds, outsideBigQuery(), cpuSeconds, counts.bigQueryJobs(),
          counts.bigQueryMs() / 1000.0, counts.bytesProcessed(), counts.rowsTransferred(), counts.crmReads(),
          counts.crmWrites(), counts.warehouseInserts() + counts.warehouseUpdates(), heap);
    }
  }

  private static Measured measure(String what, CrmSyncJob job) {
    return measure(what, job, false);
  }

  /** {@code sampled}: with -Dbench.heapSamplingMs, this run's heap is sampled (the runs with a state). */
  private static Measured measure(String what, CrmSyncJob job, boolean sampled) {
    HeapWatch heap = HeapWatch.start(sampled ? HEAP_SAMPLING_MS : 0);
    // This JVM's CPU: the sync's own work (and the in-memory CRM's), not the emulators' processes.
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    JobResult<CrmSectionOutcome> result = job.run(JobRequest.crm(UsageTestbed.TENANT, "companies", false), null);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
    HeapWatch.Added added = heap.stop();
    CrmSectionOutcome o = result.sections().stream().filter(s -> s.sectionId().equals("companies")).findFirst()
        .orElseThrow();
    if (o.status() != dev.bqsync.core.state.RunStatus.OK) {
      System.err.println(logs.logText());
      throw new IllegalStateException(what + ": " + o.status() + " " + o.message());
    }
    return new Measured(what, seconds, cpuSeconds, o.counts(), added);
  }
}
