package dev.bqsync.core.usage;

import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import dev.bqsync.core.config.UsageSection;
import dev.bqsync.testing.ExampleConfigs;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure core of the usage pull in memory: key check + mapping of 1,000,000 rows, for both
 * kinds of the example tenant. Results go to docs/benchmarks.md. Run on one core with:
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * taskset -c 0 mvn -B -q -pl functions exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.bqsync.core.usage.UsageCoreBenchmark
 * </pre>
 */
public final class UsageCoreBenchmark {
  private static final int ROWS = 1_000_000;
  private static final int ROUNDS = 7;

  private UsageCoreBenchmark() {}

  public static void main(String[] args) {
    TenantConfig tenant = new TenantConfigParser().parse(ExampleConfigs.exampleTenantJson());
    UsageSection logins = tenant.usageSection("logins").orElseThrow();
    UsageSection calls = tenant.usageSection("api-calls").orElseThrow();
    List<SourceRow> activityRows = new ArrayList<>(ROWS);
    List<SourceRow> metricRows = new ArrayList<>(ROWS);
    Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> a = new HashMap<>();
      a.put("user_email", "user" + (i % 5000) + "@acme.example");
      a.put("event_name", i % 3 == 0 ? "login" : "export");
      a.put("event_time", t0.plusSeconds(i));
      a.put("company_id", "c" + (i % 300));
      a.put("weight", (long) (i % 5));
      a.put("browser", "firefox");
      a.put("country", "DE");
      activityRows.add(new SourceRow((long) i, a));
      Map<String, Object> m = new HashMap<>();
      m.put("company_id", "c" + (i % 300));
      m.put("calls", (long) (i % 1000));
      m.put("day", LocalDate.of(2026, 11, 1 + i % 28));
      metricRows.add(new SourceRow(String.valueOf(i), m));
    }
    System.out.printf("java %s, %d available processor(s)%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    run("USER_ACTIVITY", new UsageRowMapper(logins, tenant.timeZone()), activityRows);
    run("CUSTOM_METRIC", new UsageRowMapper(calls, tenant.timeZone()), metricRows);
  }

  private static void run(String kind, UsageRowMapper mapper, List<SourceRow> rows) {
    double best = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      long accepted = 0;
      long start = System.nanoTime();
      for (SourceRow row : rows) {
        if (UsageKey.parse(row.key()) instanceof UsageKey.Valid valid) {
          RowKey key = valid.key();
          if (mapper.map(key, row) instanceof MappedRow.Accepted) {
            accepted++;
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = rows.size() / seconds;
      best = Math.max(best, rate);
      System.out.printf("%s round %d: %,d rows (%,d accepted) in %.3f s = %,.0f rows/s%n", kind, round, rows.size(),
          accepted, seconds, rate);
    }
    System.out.printf("%s best: %,.0f rows/s%n", kind, best);
  }
}
