package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SQL operators and functions: result types, rounding and errors as GoogleSQL documents them. */
class SqlFunctionsConformanceTest extends ConformanceSupport {
  private StandardSQLTypeName typeOf(String sql) throws InterruptedException {
    return query(sql).getSchema().getFields().get(0).getType().getStandardType();
  }

  @Test
  @DisplayName("NUMERIC / NUMERIC is NUMERIC; INT64 / INT64 is FLOAT64; INT64 / NUMERIC is NUMERIC")
  void divisionResultTypes() throws Exception {
    run("CREATE TABLE d.money (amount NUMERIC, parts INT64)");
    run("INSERT INTO d.money (amount, parts) VALUES (NUMERIC '10', 3)");

    TableResult result = query("SELECT amount / NUMERIC '4' AS quarter, amount / parts AS third, parts / 2 AS half, "
        + "(amount * 2) / parts / 2 AS chained, (SELECT SUM(amount) FROM d.money) / parts AS total FROM d.money");

    FieldValueList row = result.streamAll().toList().get(0);
    assertThat(result.getSchema().getFields()).extracting(f -> f.getType().getStandardType())
        .containsExactly(StandardSQLTypeName.NUMERIC, StandardSQLTypeName.NUMERIC, StandardSQLTypeName.FLOAT64,
            StandardSQLTypeName.NUMERIC, StandardSQLTypeName.NUMERIC);
    assertThat(row.get("quarter").getNumericValue()).isEqualByComparingTo("2.5");
    assertThat(row.get("third").getNumericValue()).isEqualByComparingTo("3.333333333");
    assertThat(row.get("half").getDoubleValue()).isEqualTo(1.5);
    // 20 / 3 is 6.666666667 (NUMERIC rounds to 9 digits), and half of that rounds half away from zero
    assertThat(row.get("chained").getNumericValue()).isEqualByComparingTo("3.333333334");
    assertThat(typeOf("SELECT 1 / 2")).isEqualTo(StandardSQLTypeName.FLOAT64);
    assertThat(value("SELECT NUMERIC '12345678901234567890.123456789' / 7")).as("exact, beyond double precision")
        .isEqualTo("1763668414462081127.160493827");
    assertThat(typeOf("SELECT SUM(amount) / COUNT(*) FROM d.money")).isEqualTo(StandardSQLTypeName.NUMERIC);
    assertThat(value("SELECT SUM(amount) / COUNT(*) FROM d.money")).isEqualTo("10");
    assertThat(typeOf("SELECT SUM(amount) OVER () / COUNT(*) OVER () FROM d.money")).isEqualTo(StandardSQLTypeName.NUMERIC);
  }

  @Test
  @DisplayName("division by zero is an error; SAFE_DIVIDE returns NULL, keeping NUMERIC")
  void divisionByZero() throws Exception {
    assertRefused(() -> query("SELECT 1 / 0"), "invalidQuery", "division by zero: 1 / 0");
    assertRefused(() -> query("SELECT NUMERIC '1' / NUMERIC '0'"), "invalidQuery", "division by zero");

    assertThat(value("SELECT SAFE_DIVIDE(1, 0)")).isNull();
    assertThat(typeOf("SELECT SAFE_DIVIDE(NUMERIC '1', NUMERIC '4')")).isEqualTo(StandardSQLTypeName.NUMERIC);
    assertThat(value("SELECT SAFE_DIVIDE(NUMERIC '1', NUMERIC '4')")).isEqualTo("0.25");
  }

  @Test
  @DisplayName("SUM of INT64 that overflows INT64 is an error, not a wider number")
  void int64OverflowInSum() throws Exception {
    run("CREATE TABLE d.big (n INT64)");
    run("INSERT INTO d.big (n) VALUES (9223372036854775807), (1)");

    assertRefused(() -> query("SELECT SUM(n) FROM d.big"), "invalidQuery", "Int64 overflow");
    assertThat(value("SELECT SUM(n) FROM d.big WHERE n = 1")).isEqualTo("1");
  }

  @Test
  @DisplayName("CAST(FLOAT64 AS INT64) rounds half away from zero")
  void castRoundsHalfAwayFromZero() throws Exception {
    FieldValueList row = rows("SELECT CAST(2.5 AS INT64), CAST(-2.5 AS INT64), CAST(0.5 AS INT64), CAST(1.4 AS INT64), "
        + "CAST(NUMERIC '2.5' AS INT64), CAST('42' AS INT64)").get(0);

    assertThat(row.get(0).getLongValue()).isEqualTo(3);
    assertThat(row.get(1).getLongValue()).isEqualTo(-3);
    assertThat(row.get(2).getLongValue()).isEqualTo(1);
    assertThat(row.get(3).getLongValue()).isEqualTo(1);
    assertThat(row.get(4).getLongValue()).isEqualTo(3);
    assertThat(row.get(5).getLongValue()).isEqualTo(42);
  }

  @Test
  @DisplayName("a STRING that is not an integer does not cast to INT64: CAST fails, SAFE_CAST is NULL")
  void stringsThatAreNotIntegers() throws Exception {
    assertThat(value("SELECT SAFE_CAST('1.5' AS INT64)")).isNull();
    assertThat(value("SELECT SAFE_CAST('x' AS INT64)")).isNull();
    assertThat(value("SELECT SAFE_CAST(' 7 ' AS INT64)")).isEqualTo("7");
    assertRefused(() -> query("SELECT CAST('1.5' AS INT64)"), "invalidQuery", "Bad int64 value: 1.5");
  }

  @Test
  @DisplayName("an ARRAY with a NULL element cannot be written to a query result")
  void arraysWithNullElements() throws Exception {
    assertRefused(() -> query("SELECT [1, NULL, 3] AS a"), "invalidQuery", "Array cannot have a null element");
    assertThat(value("SELECT ARRAY_LENGTH([1, NULL, 3])")).isEqualTo("3");
  }

  @Test
  @DisplayName("UNNEST(array) AS x WITH OFFSET AS off gives each element with its zero-based position")
  void unnestWithOffset() throws Exception {
    assertThat(rows("SELECT x, off FROM UNNEST(['a', 'b', 'c']) AS x WITH OFFSET AS off ORDER BY off"))
        .extracting(r -> r.get("x").getStringValue() + r.get("off").getLongValue()).containsExactly("a0", "b1", "c2");
    run("CREATE TABLE d.lists (id INT64, tags ARRAY<STRING>)");
    run("INSERT INTO d.lists (id, tags) VALUES (1, ['p', 'q']), (2, [])");
    assertThat(rows("SELECT id, tag, pos FROM d.lists, UNNEST(tags) tag WITH OFFSET pos ORDER BY id, pos"))
        .extracting(r -> r.get(0).getLongValue() + r.get(1).getStringValue() + r.get(2).getLongValue())
        .containsExactly("1p0", "1q1");
  }

  @Test
  @DisplayName("ARRAY_AGG(x IGNORE NULLS ORDER BY y LIMIT n) drops NULLs, orders, then keeps the first n")
  void arrayAggWithIgnoreNullsOrderAndLimit() throws Exception {
    assertThat(value("SELECT TO_JSON_STRING(ARRAY_AGG(x IGNORE NULLS ORDER BY x DESC LIMIT 2)) "
        + "FROM UNNEST([1, NULL, 3, 2]) AS x")).isEqualTo("[3,2]");
    assertThat(value("SELECT TO_JSON_STRING(ARRAY_AGG(DISTINCT x IGNORE NULLS)) FROM UNNEST([1, NULL, 1]) AS x"))
        .isEqualTo("[1]");
  }

  @Test
  @DisplayName("APPENDS and CHANGES (change history) are refused by name")
  void changeHistoryIsRefusedByName() {
    run("CREATE TABLE d.t (id INT64)");
    assertRefused(() -> query("SELECT * FROM APPENDS(TABLE d.t, NULL, NULL)"), "invalidQuery", "APPENDS");
    assertRefused(() -> query("SELECT * FROM CHANGES(TABLE d.t, NULL, CURRENT_TIMESTAMP())"), "invalidQuery", "CHANGES");
  }

  @Test
  @DisplayName("FORMAT_TIMESTAMP: %c is '%a %b %e %T %Y' (day padded with a space); %Ez is the zone's +HH:MM")
  void formatTimestampElements() throws Exception {
    String at = "TIMESTAMP '2021-07-05 15:03:04+00'";

    assertThat(value("SELECT FORMAT_TIMESTAMP('%c', " + at + ")")).isEqualTo("Mon Jul  5 15:03:04 2021");
    assertThat(value("SELECT FORMAT_TIMESTAMP('%F %T%Ez', " + at + ", 'Asia/Kolkata')"))
        .isEqualTo("2021-07-05 20:33:04+05:30");
    assertThat(value("SELECT FORMAT_TIMESTAMP('%F %T %Ez', " + at + ", 'America/Los_Angeles')"))
        .isEqualTo("2021-07-05 08:03:04 -07:00");
    assertThat(value("SELECT FORMAT_TIMESTAMP('%Ez|%z|100%%', " + at + ")")).isEqualTo("+00:00|+0000|100%");
  }
}
