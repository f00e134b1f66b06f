package dev.bqsync.core.usage;

import java.math.BigInteger;

/** A whole-number key (INT64, NUMERIC, BIGNUMERIC or a STRING of digits) of at most 32 digits. */
public record NumberKey(BigInteger value) implements RowKey {
  public static final int MAX_DIGITS = 32;

  public NumberKey {
    if (value == null || value.abs().toString().length() > MAX_DIGITS) {
      throw new IllegalArgumentException("a number key is an integer of at most " + MAX_DIGITS + " digits");
    }
  }

  public static NumberKey of(long value) {
    return new NumberKey(BigInteger.valueOf(value));
  }

  @Override
  public String text() {
    return value.toString();
  }
}
