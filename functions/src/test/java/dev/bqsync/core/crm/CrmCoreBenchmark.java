package dev.bqsync.core.crm;

import dev.bqsync.core.FixedKeyMap;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceColumn;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
import dev.bqsync.testing.ExampleConfigs;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure core of the CRM sync in memory: match + three-way diff of 1,000,000 BigQuery rows with
 * 1,000,000 CRM records (the example tenant's companies section, 4 fields, 1% changed on each side),
 * and the heap it takes. Results go to docs/benchmarks.md. Run on one core with a 1 GiB heap:
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * MAVEN_OPTS=-Xmx1g taskset -c 0 mvn -B -q -pl functions exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.bqsync.core.crm.CrmCoreBenchmark
 * </pre>
 */
public final class CrmCoreBenchmark {
  private static final int RECORDS = 1_000_000;
  private static final int ROUNDS = 5;

  private CrmCoreBenchmark() {}

  public static void main(String[] args) {
    TenantConfig tenant = new TenantConfigParser().parse(ExampleConfigs.exampleTenantJson());
    CrmSection section = tenant.crmSection("companies").orElseThrow();
    Map<String, SourceColumn> columns = new HashMap<>();
    for (Object[] c : new Object[][] {{"company_id", ColumnType.STRING}, {"name", ColumnType.STRING},
        {"mrr", ColumnType.NUMERIC}, {"renewal_date", ColumnType.DATE}, {"tier", ColumnType.STRING}}) {
      columns.put((String) c[0], new SourceColumn((String) c[0], (ColumnType) c[1], false));
    }
    SourceTable table = new SourceTable(section.source(), false, columns, 1L);
    long before = usedHeap();
    List<SourceRow> rows = new ArrayList<>(RECORDS);
    List<CrmRecord> records = new ArrayList<>(RECORDS);
    LocalDate renewal = LocalDate.parse("2027-01-31");
    // The shapes the adapters produce: one shared array of names, one array of values per row or record.
    String[] columnNames = {"name", "mrr", "renewal_date", "tier"};
    String[] fieldNames = {"externalId", "name", "mrr", "renewalDate", "custom.tier"};
    for (int i = 0; i < RECORDS; i++) {
      String key = "c" + i;
      String name = "Company " + i;
      double mrr = i % 1000 + 0.5;
      rows.add(new SourceRow(key, new FixedKeyMap(columnNames, new Object[] {
          i % 100 == 0 ? name + " (renamed in BigQuery)" : name, new BigDecimal(Double.toString(mrr)), renewal, "gold"})));
      records.add(new CrmRecord("id" + i, new FixedKeyMap(fieldNames, new Object[] {
          key, name, i % 100 == 50 ? mrr + 1 : mrr, renewal, "gold"}),
          Map.of("name", "s:" + name, "renewalDate", "d:" + renewal)));
    }
    long inputs = usedHeap() - before;
    System.out.printf("java %s, %d available processor(s), max heap %d MiB; inputs take %d MiB%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, inputs >> 20);
    double best = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      long start = System.nanoTime();
      SyncPlan plan = new CrmSyncPlanner("acme", section, table).plan(rows, records);
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = RECORDS / seconds;
      best = Math.max(best, rate);
      System.out.printf("round %d: %,d record pairs in %.2f s = %,.0f records/s; %,d CRM writes, %,d BigQuery writes, "
          + "peak heap so far %d MiB%n", round, RECORDS, seconds, rate, plan.crmWrites().size(),
          plan.warehouseWrites().size(), peakHeap() >> 20);
    }
    System.out.printf("best: %,.0f records/s%n", best);
  }

  private static long usedHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long peakHeap() {
    long peak = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
