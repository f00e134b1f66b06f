package dev.bqsync.sync;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.testing.ProjectFiles;
import dev.bqsync.testing.UsageTestbed;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The full-read CRM sync against the incremental one, side by side in one run, on Google's
 * Firestore emulator and the BigQuery emulator: N companies on each side (default 100,000), a first
 * sync that creates the CRM records, then 1% changed (0.5% in BigQuery, 0.5% in the CRM) and the
 * second sync measured, once for a tenant without a state dataset (full read) and once with one
 * (incremental), then a run with no change. Per measured run: wall time, BigQuery jobs, bytes
 * processed, rows transferred, CRM documents read, CRM writes, peak heap. Results go to
 * docs/benchmarks.md. Run with:
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl functions exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.bqsync.sync.CrmSyncBenchmark \
 *     -Dbench.records=100000 -Dbqsync.firestoreEmulatorHeap=4g
 * </pre>
 */
public final class CrmSyncBenchmark {
  private static final int RECORDS = Integer.getInteger("bench.records", 100_000);

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
    UsageTestbed bed = UsageTestbed.fresh();
    bed.crmSetup();
    bed.deleteRecords(CrmModel.Company);
    BigQueryEmulator bq = UsageTestbed.bigquery();
    bed.sql("INSERT INTO crm.companies (company_id, name, mrr, renewal_date, employees, is_active) "
        + "SELECT CONCAT('c', CAST(i AS STRING)), CONCAT('Company ', CAST(i AS STRING)), CAST(MOD(i, 1000) AS NUMERIC), "
        + "DATE '2027-01-31', MOD(i, 500), MOD(i, 2) = 0 FROM UNNEST(GENERATE_ARRAY(1, " + RECORDS + ")) AS i");
    CrmSyncJob job = bed.components(Clock.systemUTC(), Map.of(), b -> b.crmChangeLookback(Duration.ZERO)).crmSync();
    System.out.printf("%,d companies per side%n", RECORDS);

    Measured first = measure("first sync (creates, no state)", job);
    System.out.println(first);

    edit(bed, 0);
    Measured full = measure("second sync, full read (no state dataset)", job);
    System.out.println(full);

    // The same tenant with a state dataset: its first run reads in full and writes the state.
    bed.applyTenant(ProjectFiles.read("functions/src/test/resources/tenant-crm-test.json").replace(
        "\"allowedProjects\"", "\"stateDataset\": \"acme-analytics.bqsync_state\", \"allowedProjects\""));
    System.out.println(measure("first run with a state (full read, state written)", job));
    edit(bed, 1);
    Measured incremental = measure("second sync, incremental", job);
    System.out.println(incremental);
    System.out.println(measure("echo run (reads the last run's CRM writes back)", job));
    bq.clearCounts();
    System.out.println(measure("no-change run", job));
    System.out.printf("incremental vs full: %.1fx less wall time, %,d vs %,d rows transferred, %,d vs %,d CRM reads%n",
        full.seconds / incremental.seconds, incremental.counts.rowsTransferred(), full.counts.rowsTransferred(),
        incremental.counts.crmReads(), full.counts.crmReads());
  }

  /** 0.5% of names in BigQuery and 0.5% of employee counts in the CRM; {@code round} makes each edit new. */
  private static void edit(UsageTestbed bed, int round) {
    bed.sql("UPDATE crm.companies SET name = CONCAT(name, ' R" + round + "') WHERE MOD(CAST(SUBSTR(company_id, 2) AS "
        + "INT64), 200) = 0");
    // As the CRM application would: a merge of one field, which keeps the record's other fields and snapshot.
    List<Map<String, Object>> edits = new ArrayList<>();
    for (int n = 100; n <= RECORDS; n += 200) {
      edits.add(Map.of("externalId", "c" + n, "employees", 10_000L * (round + 1) + n));
    }
    bed.importRecords(CrmModel.Company, edits);
  }

  private record Measured(String what, double seconds, CrmCounts counts, long peakHeapMiB) {
    @Override
    public String toString() {
      return String.format("%s: %.1f s; %d BigQuery jobs, %,d bytes processed, %,d rows transferred; %,d CRM reads, "
          + "%,d CRM writes, %,d BigQuery rows written; peak heap %,d MiB", what, seconds, counts.bigQueryJobs(),
          counts.bytesProcessed(), counts.rowsTransferred(), counts.crmReads(), counts.crmWrites(),
          counts.warehouseInserts() + counts.warehouseUpdates(), peakHeapMiB);
    }
  }

  private static Measured measure(String what, CrmSyncJob job) {
    System.gc();
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    JobResult<CrmSectionOutcome> result = job.run(JobRequest.crm(UsageTestbed.TENANT, "companies", false), null);
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    CrmSectionOutcome o = result.sections().stream().filter(s -> s.sectionId().equals("companies")).findFirst()
        .orElseThrow();
    if (o.status() != dev.bqsync.core.state.RunStatus.OK) {
      throw new IllegalStateException(what + ": " + o.status() + " " + o.message());
    }
    return new Measured(what, seconds, o.counts(), peak);
  }
}
