package dev.bqsync.emulator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Typed DuckDB macros for the GoogleSQL operations DuckDB answers differently: DuckDB picks the
 * overload by argument type, which is how BigQuery's result types come out (NUMERIC / NUMERIC is
 * NUMERIC, INT64 / INT64 is FLOAT64) and its errors happen (division by zero, a STRING that is
 * not an integer cast to INT64). The translator emits calls to them.
 */
final class BigQueryMacros {
  private static final String DIVISION_BY_ZERO =
      "error('division by zero: ' || CAST(a AS VARCHAR) || ' / ' || CAST(b AS VARCHAR))";
  private static final String INTEGER_TEXT = "'\\s*[+-]?[0-9]+\\s*'";

  private static final List<String> MACROS = List.of(
      // NUMERIC division in double precision, then rounded to NUMERIC's 9 digits (a documented deviation).
      "CREATE OR REPLACE TEMP MACRO _bqemu_divide"
          + "(a DECIMAL(38,9), b DECIMAL(38,9)) AS CASE WHEN b = 0 THEN " + DIVISION_BY_ZERO
          + " ELSE CAST(CAST(a AS DOUBLE) / CAST(b AS DOUBLE) AS DECIMAL(38,9)) END, "
          + "(a DOUBLE, b DOUBLE) AS CASE WHEN b = 0 THEN " + DIVISION_BY_ZERO + " ELSE a / b END",
      "CREATE OR REPLACE TEMP MACRO _bqemu_divide_untyped(a, b) AS CASE WHEN b = 0 THEN " + DIVISION_BY_ZERO
          + " ELSE a / b END",
      // A time zone's offset from UTC at an instant, in seconds, and as +HH:MM (or +HHMM).
      "CREATE OR REPLACE TEMP MACRO _bqemu_offset_seconds(ts, zone) AS "
          + "CAST(epoch(timezone(zone, ts)) - epoch(ts) AS BIGINT)",
      "CREATE OR REPLACE TEMP MACRO _bqemu_utc_offset(s, sep) AS (CASE WHEN s < 0 THEN '-' ELSE '+' END) "
          + "|| lpad(CAST(abs(s) // 3600 AS VARCHAR), 2, '0') || sep || lpad(CAST((abs(s) % 3600) // 60 AS VARCHAR), 2, '0')",
      "CREATE OR REPLACE TEMP MACRO _bqemu_safe_divide"
          + "(a DECIMAL(38,9), b DECIMAL(38,9)) AS CASE WHEN b = 0 THEN NULL "
          + "ELSE CAST(CAST(a AS DOUBLE) / CAST(b AS DOUBLE) AS DECIMAL(38,9)) END, "
          + "(a DOUBLE, b DOUBLE) AS CASE WHEN b = 0 THEN NULL ELSE a / b END",
      // CAST(x AS INT64): FLOAT64 rounds half away from zero; a STRING must be an integer.
      "CREATE OR REPLACE TEMP MACRO _bqemu_int64"
          + "(x BIGINT) AS x, (x BOOLEAN) AS CAST(x AS BIGINT), (x DECIMAL(38,9)) AS CAST(x AS BIGINT), "
          + "(x DOUBLE) AS CAST(round(x) AS BIGINT), "
          + "(x VARCHAR) AS CASE WHEN regexp_full_match(x, " + INTEGER_TEXT + ") THEN CAST(trim(x) AS BIGINT) "
          + "ELSE error('Bad int64 value: ' || x) END",
      "CREATE OR REPLACE TEMP MACRO _bqemu_safe_int64"
          + "(x BIGINT) AS x, (x BOOLEAN) AS CAST(x AS BIGINT), (x DECIMAL(38,9)) AS TRY_CAST(x AS BIGINT), "
          + "(x DOUBLE) AS TRY_CAST(round(x) AS BIGINT), "
          + "(x VARCHAR) AS CASE WHEN regexp_full_match(x, " + INTEGER_TEXT + ") THEN TRY_CAST(trim(x) AS BIGINT) END");

  private BigQueryMacros() {}

  static void install(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String macro : MACROS) {
        s.execute(macro);
      }
    }
  }
}
