package dev.bqsync.core.usage;

import dev.bqsync.core.config.Lookback;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Where a pull starts reading. Without a lookback it reads the keys after the cursor; with a
 * lookback of N keys, the last N keys below the cursor are read again as well (key >= cursor - N),
 * so {@code lookback: 1} re-reads key cursor - 1; with a lookback span D on a time key, every row
 * whose time is at least cursor - D is read again, whatever its tie-break. A start below the
 * smallest key the column's type can hold means "from the first key": nothing overflows at the
 * ends of INT64, NUMERIC, BIGNUMERIC or the times' year 1.
 */
public final class KeyWindow {
  static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  /** NUMERIC holds 29 integer digits. */
  static final BigInteger NUMERIC_MIN = BigInteger.TEN.pow(29).negate().add(BigInteger.ONE);
  /** BIGNUMERIC holds 38 (and part of a 39th) integer digits; its smallest whole value. */
  static final BigInteger BIGNUMERIC_MIN = new BigInteger("-578960446186580977117854925043439539266");

  private KeyWindow() {}

  /** Where a read starts; no start at all means from the first key. */
  public sealed interface Start permits AfterNumber, After, AtOrAfter {}

  /** The rows whose number key is above {@code value} (which may lie beyond 32 digits: it is a bound, not a key). */
  public record AfterNumber(BigInteger value) implements Start {}

  /** The rows after {@code key}: a later time, or the same time and a later tie-break. */
  public record After(TimeKey key) implements Start {}

  /** The rows whose time is {@code micros} or later (a time key's lookback). */
  public record AtOrAfter(long micros, boolean zoned) implements Start {}

  /** The start for a cursor at {@code cursor} (null: nothing read yet). */
  public static Optional<Start> start(RowKey cursor, Lookback lookback, ColumnType keyType) {
    if (cursor == null) {
      return Optional.empty();
    }
    if (cursor instanceof TimeKey time && lookback.isNone()) {
      return Optional.of(new After(time));
    }
    if (cursor instanceof TimeKey time && lookback instanceof Lookback.Span span) {
      long from = time.micros() - span.micros(); // at most 31 days below year 1: no overflow
      return from <= TimeKey.MIN_MICROS ? Optional.empty() : Optional.of(new AtOrAfter(from, time.zoned()));
    }
    if (cursor instanceof NumberKey number && (lookback.isNone() || lookback instanceof Lookback.Keys)) {
      long keys = lookback instanceof Lookback.Keys k ? k.count() : 0;
      return readAfter(number.value(), keys, keyType).map(AfterNumber::new);
    }
    throw new IllegalArgumentException("a " + lookback + " lookback does not fit cursor " + cursor.text());
  }

  /** For a number cursor: the key to read after (exclusive), or empty to read from the first key. */
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
