package dev.bqsync.sync;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.emulator.ExecutedJob;
import dev.bqsync.testing.UsageTestbed;
import java.time.Clock;

/**
 * 100,000 records on each side end to end on Google's Firestore emulator and the BigQuery emulator,
 * with 1% changed (0.5% in BigQuery, 0.5% in the CRM) after a first sync: wall time, BigQuery jobs,
 * CRM writes. Results go to docs/benchmarks.md. Run with:
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl functions exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.bqsync.sync.CrmSyncBenchmark
 * </pre>
 */
public final class CrmSyncBenchmark {
  private static final int RECORDS = 100_000;

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
    CrmSyncJob job = bed.crmJob(Clock.systemUTC());

    long start = System.nanoTime();
    JobResult<CrmSectionOutcome> first = job.run(JobRequest.crm(UsageTestbed.TENANT, "companies", false), null);
    double firstSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("first sync: %s, %,d CRM creates in %.1f s%n", first.sections().get(0).status(),
        first.sections().get(0).plan().crmCreates(), firstSeconds);

    bed.sql("UPDATE crm.companies SET name = CONCAT(name, ' Ltd') WHERE MOD(CAST(SUBSTR(company_id, 2) AS INT64), 200) = 0");
    var store = new dev.bqsync.gcp.FirestoreCrmStore(bed.firestore, java.time.Clock.systemUTC());
    var records = store.records(UsageTestbed.TENANT, CrmModel.Company, "companies", java.util.List.of("employees"));
    var edits = new java.util.ArrayList<dev.bqsync.core.crm.SyncPlan.CrmWrite>();
    for (var r : records) {
      long n = Long.parseLong(r.field("externalId").toString().substring(1));
      if (n % 200 == 100) {
        edits.add(new dev.bqsync.core.crm.SyncPlan.CrmWrite(r.id(), null, false, java.util.Map.of("employees", n + 1),
            r.snapshot()));
      }
    }
    store.write(UsageTestbed.TENANT, CrmModel.Company, "companies", edits, null);
    bq.clearCounts();

    start = System.nanoTime();
    JobResult<CrmSectionOutcome> second = job.run(JobRequest.crm(UsageTestbed.TENANT, "companies", false), null);
    double seconds = (System.nanoTime() - start) / 1e9;
    CrmSectionOutcome o = second.sections().get(0);
    long queries = bq.jobs().stream().map(ExecutedJob::statementType).filter("SELECT"::equals).count();
    long merges = bq.jobs().stream().map(ExecutedJob::statementType).filter("MERGE"::equals).count();
    System.out.printf("second sync (1%% changed): %s in %.1f s; BigQuery: %d read + %d MERGE; CRM writes %,d "
        + "(updates %,d); BigQuery updates %,d; conflicts %d%n", o.status(), seconds, queries, merges,
        o.plan().crmWrites().size(), o.plan().crmUpdates(), o.plan().warehouseUpdates(), o.plan().conflicts());
  }
}
