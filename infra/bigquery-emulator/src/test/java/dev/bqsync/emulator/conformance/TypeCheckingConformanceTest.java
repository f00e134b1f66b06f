package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * GoogleSQL's static typing: no implicit conversion between INT64 and STRING, none from TIMESTAMP to
 * DATETIME; string literals coerce to dates and times only. Refusals are invalidQuery in BigQuery's words.
 */
class TypeCheckingConformanceTest extends ConformanceSupport {
  @BeforeEach
  void tables() {
    run("CREATE TABLE d.t (int_id INT64, name STRING, amount NUMERIC, day DATE, dt DATETIME, ts TIMESTAMP)");
    run("INSERT INTO d.t (int_id, name, amount, day) VALUES (1, 'a', NUMERIC '1.5', DATE '2026-01-01')");
  }

  private void withString(String sql) throws InterruptedException {
    bigquery.query(QueryJobConfiguration.newBuilder(sql).addNamedParameter("s", QueryParameterValue.string("1")).build());
  }

  @Test
  @DisplayName("INT64 = STRING parameter: No matching signature for operator = for argument types: INT64, STRING")
  void int64AgainstAStringParameter() {
    assertRefused(() -> withString("SELECT * FROM d.t WHERE int_id = @s"), "invalidQuery",
        "No matching signature for operator = for argument types: INT64, STRING. Supported signature: ANY = ANY");
    assertRefused(() -> withString("SELECT * FROM d.t WHERE int_id > @s"), "invalidQuery",
        "No matching signature for operator > for argument types: INT64, STRING");
  }

  @Test
  @DisplayName("INT64 compared with a STRING column or literal is refused, in WHERE and in MERGE ... ON")
  void int64AgainstStrings() {
    assertRefused(() -> query("SELECT * FROM d.t WHERE int_id = name"), "invalidQuery",
        "No matching signature for operator = for argument types: INT64, STRING");
    assertRefused(() -> query("SELECT * FROM d.t WHERE int_id <> '1'"), "invalidQuery",
        "No matching signature for operator != for argument types: INT64, STRING");
    assertRefused(() -> query("MERGE d.t T USING (SELECT '1' AS k) S ON T.int_id = S.k "
        + "WHEN MATCHED THEN UPDATE SET name = 'x'"), "invalidQuery",
        "No matching signature for operator = for argument types: INT64, STRING");
  }

  @Test
  @DisplayName("what GoogleSQL does coerce is accepted: numbers with numbers, string literals with dates, DATE with DATETIME")
  void coercionsThatAreAllowed() throws Exception {
    assertThat(rows("SELECT int_id FROM d.t WHERE int_id = 1.0 AND amount > 1 AND day = '2026-01-01' "
        + "AND day < DATETIME '2026-01-02 00:00:00' AND COALESCE(amount, 0) > 0 AND name = CONCAT('a', '') "
        + "AND (ts IS NULL OR ts > '2020-01-01')")).hasSize(1);
  }

  @Test
  @DisplayName("a TIMESTAMP cannot be assigned to, or inserted into, a DATETIME column")
  void timestampIntoDatetime() {
    assertRefused(() -> query("UPDATE d.t SET dt = CURRENT_TIMESTAMP() WHERE TRUE"), "invalidQuery",
        "Value of type TIMESTAMP cannot be assigned to dt, which has type DATETIME");
    assertRefused(() -> query("INSERT INTO d.t (int_id, dt) VALUES (2, TIMESTAMP '2026-01-01 00:00:00+00')"),
        "invalidQuery", "Query column 2 has type TIMESTAMP which cannot be inserted into column dt, which has type DATETIME");
    assertRefused(() -> query("INSERT INTO d.t (int_id, dt) SELECT 2, ts FROM d.t"), "invalidQuery",
        "Query column 2 has type TIMESTAMP which cannot be inserted into column dt, which has type DATETIME");
  }

  @Test
  @DisplayName("a STRING cannot be inserted into an INT64 column; an INT64 literal into NUMERIC can")
  void stringIntoInt64() throws Exception {
    assertRefused(() -> query("INSERT INTO d.t (int_id) VALUES ('2')"), "invalidQuery",
        "Query column 1 has type STRING which cannot be inserted into column int_id, which has type INT64");
    query("INSERT INTO d.t (int_id, amount, day) VALUES (2, 3, '2026-02-01')");
    assertThat(rows("SELECT * FROM d.t")).hasSize(2);
  }

  @Test
  @DisplayName("COALESCE(1, 'a') and CONCAT('a', 1) have no matching signature")
  void functionSignatures() {
    assertRefused(() -> query("SELECT COALESCE(1, 'a')"), "invalidQuery",
        "No matching signature for function COALESCE for argument types: INT64, STRING");
    assertRefused(() -> query("SELECT CONCAT('a', 1)"), "invalidQuery",
        "No matching signature for function CONCAT for argument types: STRING, INT64. Supported signatures: "
            + "CONCAT(STRING, [STRING, ...]); CONCAT(BYTES, [BYTES, ...])");
    assertRefused(() -> query("SELECT CONCAT(name, int_id) FROM d.t"), "invalidQuery",
        "No matching signature for function CONCAT for argument types: STRING, INT64");
  }

  @Test
  @DisplayName("WHERE cannot name a SELECT alias (Unrecognized name); a real column of that name is fine")
  void whereCannotSeeSelectAliases() throws Exception {
    assertRefused(() -> query("SELECT int_id AS k FROM d.t WHERE k = 1"), "invalidQuery", "Unrecognized name: k");
    assertThat(rows("SELECT name AS int_id FROM d.t WHERE int_id = 1")).hasSize(1);
  }

  @Test
  @DisplayName("MERGE: a TIMESTAMP cannot be inserted into, or set on, a DATETIME column; matching types can")
  void mergeAssignments() throws Exception {
    String source = "(SELECT 2 AS id, TIMESTAMP '2026-01-01 00:00:00+00' AS ts, DATETIME '2026-01-01 00:00:00' AS dt) S";
    assertRefused(() -> query("MERGE d.t T USING " + source + " ON T.int_id = S.id "
        + "WHEN NOT MATCHED THEN INSERT (int_id, dt) VALUES (S.id, S.ts)"), "invalidQuery",
        "Query column 2 has type TIMESTAMP which cannot be inserted into column dt, which has type DATETIME");
    assertRefused(() -> query("MERGE d.t T USING " + source + " ON T.int_id = S.id - 1 "
        + "WHEN MATCHED THEN UPDATE SET dt = S.ts"), "invalidQuery",
        "Value of type TIMESTAMP cannot be assigned to dt, which has type DATETIME");

    query("MERGE d.t T USING " + source + " ON T.int_id = S.id WHEN MATCHED THEN UPDATE SET dt = S.dt "
        + "WHEN NOT MATCHED THEN INSERT (int_id, dt, ts) VALUES (S.id, S.dt, S.ts)");
    assertThat(rows("SELECT * FROM d.t")).hasSize(2);
  }

  @Test
  @DisplayName("x IN (list) needs values comparable with x: INT64 IN ('1') has no matching signature")
  void inLists() throws Exception {
    assertRefused(() -> query("SELECT * FROM d.t WHERE int_id IN ('1', '2')"), "invalidQuery",
        "No matching signature for operator IN for argument types INT64 and {STRING}");
    assertRefused(() -> query("SELECT * FROM d.t WHERE int_id NOT IN (1, 'x')"), "invalidQuery",
        "No matching signature for operator IN");
    assertThat(rows("SELECT * FROM d.t WHERE int_id IN (1, 2.0) AND day IN ('2026-01-01') "
        + "AND int_id IN (SELECT int_id FROM d.t)")).hasSize(1);
  }

  @Test
  @DisplayName("dividing a DATE or casting a DATE to INT64 has no signature: BigQuery's words, not the engine's")
  void operandsWithoutASignature() {
    assertRefused(() -> query("SELECT day / 2 FROM d.t"), "invalidQuery",
        "No matching signature for operator / for argument types: DATE, INT64");
    assertRefused(() -> query("SELECT CAST(day AS INT64) FROM d.t"), "invalidQuery", "Invalid cast from DATE to INT64");
  }
}
