package dev.bqsync.core.usage;

import java.math.BigInteger;
import java.util.Optional;

/**
 * Where a pull starts reading. Without a lookback it reads the keys above the cursor; with a
 * lookback of N, the last N keys below the cursor are read again as well (key >= cursor - N), so
 * {@code lookback: 1} re-reads key cursor - 1. A start below the smallest key the column's type can
 * hold means "from the first key": nothing overflows at the ends of INT64, NUMERIC or BIGNUMERIC.
 */
public final class KeyWindow {
  static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  /** NUMERIC holds 29 integer digits. */
  static final BigInteger NUMERIC_MIN = BigInteger.TEN.pow(29).negate().add(BigInteger.ONE);
  /** BIGNUMERIC holds 38 (and part of a 39th) integer digits; its smallest whole value. */
  static final BigInteger BIGNUMERIC_MIN = new BigInteger("-578960446186580977117854925043439539266");

  private KeyWindow() {}

  /** The key to read after (exclusive), or empty to read from the first key. */
  public static Optional<BigInteger> readAfter(BigInteger cursor, long lookback, ColumnType keyType) {
    if (cursor == null) {
      return Optional.empty();
    }
    BigInteger after = lookback <= 0 ? cursor : cursor.subtract(BigInteger.valueOf(lookback)).subtract(BigInteger.ONE);
    return after.compareTo(smallest(keyType)) < 0 ? Optional.empty() : Optional.of(after);
  }

  private static BigInteger smallest(ColumnType keyType) {
    return switch (keyType) {
      case INT64 -> INT64_MIN;
      case NUMERIC -> NUMERIC_MIN;
      case STRING -> BigInteger.ZERO; // STRING keys are digits only
      default -> BIGNUMERIC_MIN;
    };
  }
}
