package dev.bqsync.core.crm;

import dev.bqsync.core.usage.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a BigQuery column keeps of a value bound to it ({@link CrmValues#toWarehouse}'s result), so
 * a value can be compared as BigQuery will hold it: a number with more decimal places than NUMERIC
 * or BIGNUMERIC keep is rounded (half away from zero, as BigQuery casts), everything else is kept
 * as bound (FLOAT64's rounding already happened when the number became a double).
 */
final class ColumnHolds {
  private ColumnHolds() {}

  static Object held(ColumnType column, Object bound) {
    if (bound == null) {
      return null;
    }
    return switch (column) {
      case NUMERIC -> ((BigDecimal) bound).setScale(9, RoundingMode.HALF_UP).stripTrailingZeros();
      case BIGNUMERIC -> ((BigDecimal) bound).setScale(38, RoundingMode.HALF_UP).stripTrailingZeros();
      default -> bound;
    };
  }

  /** How the column rounds, in words, for the run's warning when a value does not survive the trip. */
  static String rounding(ColumnType column) {
    return switch (column) {
      case NUMERIC -> "NUMERIC keeps 9 decimal places";
      case BIGNUMERIC -> "BIGNUMERIC keeps 38 decimal places";
      case FLOAT64 -> "FLOAT64 keeps about 15 significant digits (whole numbers exactly up to 2^53)";
      case INT64 -> "INT64 keeps whole numbers";
      case DATE -> "DATE keeps the day only";
      default -> column + " holds it differently";
    };
  }
}
