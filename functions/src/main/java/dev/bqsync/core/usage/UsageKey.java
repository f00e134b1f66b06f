package dev.bqsync.core.usage;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Reads a row's key: a whole number of at most 32 digits, from INT64, NUMERIC, BIGNUMERIC or a digits-only STRING. */
public final class UsageKey {
  private UsageKey() {}

  /** The key, or the reason it cannot be one. */
  public sealed interface Parsed permits Valid, Invalid {}

  public record Valid(BigInteger value) implements Parsed {}

  public record Invalid(RejectionReason reason, String detail) implements Parsed {}

  public static Parsed parse(Object raw) {
    if (raw == null) {
      return new Invalid(RejectionReason.NULL_KEY, "key is null");
    }
    BigInteger value;
    if (raw instanceof Long || raw instanceof Integer || raw instanceof Short) {
      value = BigInteger.valueOf(((Number) raw).longValue());
    } else if (raw instanceof BigInteger b) {
      value = b;
    } else if (raw instanceof BigDecimal d) {
      BigDecimal stripped = d.stripTrailingZeros();
      if (stripped.scale() > 0) {
        return new Invalid(RejectionReason.KEY_NOT_NUMERIC, "key " + d.toPlainString() + " has a fraction");
      }
      value = stripped.toBigIntegerExact();
    } else if (raw instanceof String s) {
      if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return new Invalid(RejectionReason.KEY_NOT_NUMERIC, "key '" + abbreviate(s) + "' holds more than digits");
      }
      if (s.length() > 32) {
        return new Invalid(RejectionReason.KEY_TOO_LONG, "key has " + s.length() + " characters");
      }
      value = new BigInteger(s);
    } else {
      return new Invalid(RejectionReason.KEY_NOT_NUMERIC, "key of type " + raw.getClass().getSimpleName());
    }
    if (value.abs().toString().length() > 32) {
      return new Invalid(RejectionReason.KEY_TOO_LONG, "key has " + value.abs().toString().length() + " digits");
    }
    return new Valid(value);
  }

  /** How the raw key appears in a run record's samples. */
  public static String describe(Object raw) {
    return raw == null ? null : abbreviate(raw instanceof BigDecimal d ? d.toPlainString() : raw.toString());
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
