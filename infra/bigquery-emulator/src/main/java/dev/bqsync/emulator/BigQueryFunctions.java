package dev.bqsync.emulator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBLogicalType;

/**
 * GoogleSQL operations DuckDB answers differently, as Java functions with one overload per
 * argument type: DuckDB picks the overload by type (also for aggregates and window results),
 * which is how BigQuery's result types come out (NUMERIC / NUMERIC is NUMERIC, computed exactly;
 * INT64 / INT64 is FLOAT64) and its errors happen (division by zero; CAST of '1.5' AS INT64).
 * The translator emits calls to them.
 */
final class BigQueryFunctions {
  static final String DIVIDE = "_bqemu_divide";
  private static final Pattern INTEGER_TEXT = Pattern.compile("\\s*[+-]?[0-9]+\\s*");
  private static final BigDecimal MIN_INT64 = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal MAX_INT64 = BigDecimal.valueOf(Long.MAX_VALUE);

  /** SQL macros for what needs no typing: a zone's offset from UTC at an instant, in seconds and as +HH:MM. */
  private static final List<String> MACROS = List.of(
      "CREATE OR REPLACE TEMP MACRO _bqemu_offset_seconds(ts, zone) AS "
          + "CAST(epoch(timezone(zone, ts)) - epoch(ts) AS BIGINT)",
      "CREATE OR REPLACE TEMP MACRO _bqemu_utc_offset(s, sep) AS (CASE WHEN s < 0 THEN '-' ELSE '+' END) "
          + "|| lpad(CAST(abs(s) // 3600 AS VARCHAR), 2, '0') || sep || lpad(CAST((abs(s) % 3600) // 60 AS VARCHAR), 2, '0')");

  /** An error in BigQuery's words; DuckErrors strips the class name DuckDB puts before the message. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private BigQueryFunctions() {}

  static void install(Connection connection) throws SQLException {
    binary(connection, DIVIDE, BigQueryFunctions::numeric, (BigDecimal a, BigDecimal b) -> divide(a, b, false));
    binary(connection, DIVIDE, BigQueryFunctions::float64, (Double a, Double b) -> divide(a, b, false));
    binary(connection, "_bqemu_safe_divide", BigQueryFunctions::numeric, (BigDecimal a, BigDecimal b) -> divide(a, b, true));
    binary(connection, "_bqemu_safe_divide", BigQueryFunctions::float64, (Double a, Double b) -> divide(a, b, true));
    for (boolean safe : new boolean[] {false, true}) {
      String name = safe ? "_bqemu_safe_int64" : "_bqemu_int64";
      unary(connection, name, BigQueryFunctions::int64, (Long x) -> x);
      unary(connection, name, () -> type(DuckDBColumnType.BOOLEAN), (Boolean x) -> x ? 1L : 0L);
      unary(connection, name, () -> type(DuckDBColumnType.HUGEINT), (BigInteger x) -> toInt64(new BigDecimal(x), safe));
      unary(connection, name, BigQueryFunctions::numeric, (BigDecimal x) -> toInt64(x, safe));
      unary(connection, name, BigQueryFunctions::float64, (Double x) -> toInt64(x, safe));
      unary(connection, name, () -> type(DuckDBColumnType.VARCHAR), (String x) -> toInt64(x, safe));
    }
    try (Statement s = connection.createStatement()) {
      for (String macro : MACROS) {
        s.execute(macro);
      }
    }
  }

  private static BigDecimal divide(BigDecimal a, BigDecimal b, boolean safe) {
    if (b.signum() == 0) {
      return refuse(safe, "division by zero: " + a.stripTrailingZeros().toPlainString() + " / 0");
    }
    return a.divide(b, 9, RoundingMode.HALF_UP); // NUMERIC rounds half away from zero
  }

  private static Double divide(Double a, Double b, boolean safe) {
    if (b == 0) {
      return refuse(safe, "division by zero: " + number(a) + " / 0");
    }
    return a / b;
  }

  private static Long toInt64(BigDecimal x, boolean safe) {
    BigDecimal rounded = x.setScale(0, RoundingMode.HALF_UP);
    if (rounded.compareTo(MIN_INT64) < 0 || rounded.compareTo(MAX_INT64) > 0) {
      return refuse(safe, "Int64 overflow: " + x.stripTrailingZeros().toPlainString());
    }
    return rounded.longValueExact();
  }

  private static Long toInt64(Double x, boolean safe) {
    if (x.isNaN() || x.isInfinite()) {
      return refuse(safe, "Illegal conversion of non-finite floating point number to an integer: " + number(x));
    }
    return toInt64(new BigDecimal(x), safe);
  }

  private static Long toInt64(String x, boolean safe) {
    if (!INTEGER_TEXT.matcher(x).matches()) {
      return refuse(safe, "Bad int64 value: " + x);
    }
    return toInt64(new BigDecimal(x.trim()), safe);
  }

  private static <T> T refuse(boolean safe, String message) {
    if (safe) {
      return null;
    }
    throw new Refused(message);
  }

  private static String number(double x) {
    return x == Math.rint(x) && !Double.isInfinite(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }

  private static <A, R> void unary(Connection connection, String name, Supplier<DuckDBLogicalType> parameter,
      Function<A, R> function) throws SQLException {
    DuckDBFunctions.scalarFunction().withName(name).withParameters(parameter.get()).withReturnType(int64())
        .withNullInNullOut().withFunction(function).register(connection);
  }

  /** Both parameters and the result are of {@code type}. */
  private static <T> void binary(Connection connection, String name, Supplier<DuckDBLogicalType> type,
      BiFunction<T, T, T> function) throws SQLException {
    DuckDBFunctions.scalarFunction().withName(name).withParameters(type.get(), type.get()).withReturnType(type.get())
        .withNullInNullOut().withFunction(function).register(connection);
  }

  // A logical type is consumed by the registration that uses it, so each use makes its own.
  private static DuckDBLogicalType numeric() {
    try {
      return DuckDBLogicalType.decimal(38, 9);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DuckDBLogicalType float64() {
    return type(DuckDBColumnType.DOUBLE);
  }

  private static DuckDBLogicalType int64() {
    return type(DuckDBColumnType.BIGINT);
  }

  private static DuckDBLogicalType type(DuckDBColumnType type) {
    try {
      return DuckDBLogicalType.of(type);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
