package dev.bqsync.core.usage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Reads a row's key: a whole number of at most 32 digits, from INT64, NUMERIC, BIGNUMERIC or a
 * digits-only STRING; or a TIMESTAMP or DATETIME with its tie-break (an INT64 or a STRING).
 */
public final class UsageKey {
  private UsageKey() {}

  /** The key, or the reason it cannot be one. */
  public sealed interface Parsed permits Valid, Invalid {}

  public record Valid(RowKey key) implements Parsed {}

  public record Invalid(RejectionReason reason, String detail) implements Parsed {}

  /** A number key. */
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
      if (s.length() > NumberKey.MAX_DIGITS) {
        return new Invalid(RejectionReason.KEY_TOO_LONG, "key has " + s.length() + " characters");
      }
      value = new BigInteger(s);
    } else {
      return new Invalid(RejectionReason.KEY_NOT_NUMERIC, "key of type " + raw.getClass().getSimpleName());
    }
    if (value.abs().toString().length() > NumberKey.MAX_DIGITS) {
      return new Invalid(RejectionReason.KEY_TOO_LONG, "key has " + value.abs().toString().length() + " digits");
    }
    return new Valid(new NumberKey(value));
  }

  /**
   * A time key (an Instant from TIMESTAMP, a LocalDateTime from DATETIME) and its tie-break
   * {@code rawTie} from column {@code tieColumn} (a Long or a String). A null either way cannot be
   * placed after the cursor, so the query reads such rows on every run and they are reported each time.
   */
  public static Parsed parse(Object raw, Object rawTie, String tieColumn) {
    if (raw == null) {
      return new Invalid(RejectionReason.NULL_KEY, "key is null");
    }
    if (rawTie == null) {
      return new Invalid(RejectionReason.NULL_KEY, "tie-break " + tieColumn + " is null");
    }
    TieBreak tie;
    if (rawTie instanceof Long || rawTie instanceof Integer) {
      tie = new TieBreak.Int(((Number) rawTie).longValue());
    } else if (rawTie instanceof String s) {
      if (s.getBytes(StandardCharsets.UTF_8).length > TieBreak.MAX_TEXT_BYTES) {
        return new Invalid(RejectionReason.KEY_NOT_AN_ID, "tie-break " + tieColumn + " '" + abbreviate(s)
            + "' is longer than " + TieBreak.MAX_TEXT_BYTES + " bytes");
      }
      if (s.indexOf('/') >= 0 || s.chars().anyMatch(Character::isISOControl)) {
        return new Invalid(RejectionReason.KEY_NOT_AN_ID, "tie-break " + tieColumn + " '" + abbreviate(s)
            + "' holds '/' or a control character, which a CRM record id cannot");
      }
      tie = new TieBreak.Text(s);
    } else {
      return new Invalid(RejectionReason.KEY_NOT_NUMERIC, "tie-break of type " + rawTie.getClass().getSimpleName());
    }
    try {
      if (raw instanceof Instant at) {
        return new Valid(TimeKey.of(at, tie));
      }
      if (raw instanceof LocalDateTime at) {
        return new Valid(TimeKey.of(at, tie));
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      return new Invalid(RejectionReason.KEY_NOT_NUMERIC, "key " + raw + ": " + e.getMessage());
    }
    return new Invalid(RejectionReason.KEY_NOT_NUMERIC, "key of type " + raw.getClass().getSimpleName()
        + " where a TIMESTAMP or DATETIME was expected");
  }

  /** How the raw key appears in a run record's samples. */
  public static String describe(Object raw) {
    return raw == null ? null : abbreviate(raw instanceof BigDecimal d ? d.toPlainString() : raw.toString());
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
