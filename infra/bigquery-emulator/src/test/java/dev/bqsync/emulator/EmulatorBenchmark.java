package dev.bqsync.emulator;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import java.util.HashMap;
import java.util.Map;

/**
 * Throughput of the emulator through the real client (results go to docs/benchmarks.md):
 * paging 1,000,000 rows of 5 columns, and insertAll of 100,000 rows in requests of 10,000.
 *
 * <pre>
 * mvn -B -q -pl infra/bigquery-emulator -am install -DskipTests
 * mvn -B -q -pl infra/bigquery-emulator exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.bqsync.emulator.EmulatorBenchmark
 * </pre>
 */
public final class EmulatorBenchmark {
  private static final int PAGED_ROWS = 1_000_000;
  private static final int INSERTED_ROWS = 100_000;
  private static final int INSERT_BATCH = 10_000;
  private static final int ROUNDS = 3;

  private EmulatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (BigQueryEmulator emulator = BigQueryEmulator.builder().projects("bench-project").start()) {
      BigQuery bigquery = BigQueryOptions.newBuilder().setHost(emulator.endpoint()).setProjectId("bench-project")
          .setCredentials(NoCredentials.getInstance()).build().getService();
      emulator.createDataset("bench-project", "bench", "US");
      emulator.execute("bench-project", "CREATE TABLE bench.wide AS SELECT i AS id, CONCAT('name-', CAST(i AS STRING)) "
          + "AS name, i / 7 AS score, TIMESTAMP_SECONDS(1700000000 + i) AS ts, MOD(i, 2) = 0 AS flag "
          + "FROM UNNEST(GENERATE_ARRAY(1, " + PAGED_ROWS + ")) AS i");

      System.out.printf("java %s, %d cores, max heap %d MiB%n", System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
      for (int round = 1; round <= ROUNDS; round++) {
        emulator.clearCounts();
        long start = System.nanoTime();
        long rows = 0;
        long checksum = 0;
        for (FieldValueList row : bigquery.query(QueryJobConfiguration.of("SELECT * FROM bench.wide")).iterateAll()) {
          rows++;
          checksum += row.get(0).getLongValue() + (row.get(4).getBooleanValue() ? 1 : 0) + row.get(3).getTimestampValue() % 7;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("query paging round %d: %,d rows in %.2f s = %,.0f rows/s (pages after the first: %d, checksum %d)%n",
            round, rows, seconds, rows / seconds, emulator.requestCount("tabledata.list"), checksum);
      }
      for (int round = 1; round <= ROUNDS; round++) {
        long start = System.nanoTime();
        long rows = bigquery.listTableData(TableId.of("bench-project", "bench", "wide")).streamAll().count();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("tabledata.list round %d: %,d rows in %.2f s = %,.0f rows/s%n", round, rows, seconds, rows / seconds);
      }
      for (int round = 1; round <= ROUNDS; round++) {
        String table = "inserted_" + round;
        emulator.createTable("bench-project", "bench", table, "id:INT64", "name:STRING", "score:FLOAT64",
            "ts:TIMESTAMP", "flag:BOOL");
        long start = System.nanoTime();
        for (int from = 0; from < INSERTED_ROWS; from += INSERT_BATCH) {
          InsertAllRequest.Builder request = InsertAllRequest.newBuilder(TableId.of("bench-project", "bench", table));
          for (int i = from; i < from + INSERT_BATCH; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", i);
            row.put("name", "name-" + i);
            row.put("score", i / 7.0);
            row.put("ts", "2026-11-23T10:00:00Z");
            row.put("flag", i % 2 == 0);
            request.addRow(row);
          }
          InsertAllResponse response = bigquery.insertAll(request.build());
          if (response.hasErrors()) {
            throw new IllegalStateException(response.getInsertErrors().toString());
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long count = emulator.execute("bench-project", "SELECT * FROM bench." + table);
        System.out.printf("insertAll round %d: %,d rows in %.2f s = %,.0f rows/s%n", round, count, seconds,
            count / seconds);
      }
      Runtime rt = Runtime.getRuntime();
      System.gc();
      System.out.printf("heap live after GC (emulator, client and the 1M-row table's DuckDB side is off-heap): %d MiB%n",
          (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
  }

}
