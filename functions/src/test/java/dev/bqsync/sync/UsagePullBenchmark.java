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
 * A 100,000-row usage backlog end to end on Google's Firestore emulator and the BigQuery emulator:
 * rows/s, BigQuery jobs per run, Firestore documents written, heap. Results go to
 * docs/benchmarks.md. Run with:
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl functions exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.bqsync.sync.UsagePullBenchmark
 * </pre>
 */
public final class UsagePullBenchmark {
  private static final int ROWS = 100_000;
  private static final int USERS = 500;

  private UsagePullBenchmark() {}

  public static void main(String[] args) {
    UsageTestbed bed = UsageTestbed.fresh();
    BigQueryEmulator bq = UsageTestbed.bigquery();
    bed.applyTenant(UsageTestbed.tenantJson().replace("\"batchSize\": 2,", "\"batchSize\": 5000,"));
    List<Map<String, Object>> users = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      users.add(Map.of("email", "user" + u + "@acme.example"));
    }
    bed.importRecords(CrmModel.EndUser, users);
    bed.sql("INSERT INTO usage.login_events (event_id, user_email, event_name, event_time, company_id, weight, browser) "
        + "SELECT i, CONCAT('user', CAST(MOD(i, " + USERS + ") AS STRING), '@acme.example'), 'login', "
        + "TIMESTAMP_SECONDS(1763884800 + i), 'c1', 1.0, 'firefox' FROM UNNEST(GENERATE_ARRAY(1, " + ROWS + ")) AS i");
    bq.clearCounts();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }

    long start = System.nanoTime();
    JobResult<SectionOutcome> result = bed.job(Clock.systemUTC()).run(JobRequest.usage(UsageTestbed.TENANT, "logins", false), null);
    double seconds = (System.nanoTime() - start) / 1e9;

    SectionOutcome o = result.sections().get(0);
    long queries = bq.jobs().stream().map(ExecutedJob::statementType).filter("SELECT"::equals).count();
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("status %s: %,d rows read, %,d written in %.1f s = %,.0f rows/s%n", o.status(), o.rowsRead(),
        o.rowsWritten(), seconds, o.rowsRead() / seconds);
    System.out.printf("BigQuery: %d query job(s) (%d jobs.query, %d tabledata.list pages), %,d bytes processed%n",
        queries, bq.requestCount("jobs.insert"), bq.requestCount("tabledata.list"), o.bytesProcessed());
    System.out.printf("Firestore: %,d user activity documents%n", bed.count("userActivities"));
    System.out.printf("peak heap of the JVM (client, emulator and test harness together): %d MiB%n", peakHeap >> 20);
    System.exit(0);
  }
}
