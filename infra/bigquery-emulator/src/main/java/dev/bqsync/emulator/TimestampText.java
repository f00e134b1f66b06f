package dev.bqsync.emulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TIMESTAMP values in the forms BigQuery accepts from insertAll and query parameters: seconds
 * since the epoch, or {@code YYYY-[M]M-[D]D[( |T)[H]H:[M]M[:[S]S[.F]]][ ][zone]} where the zone is
 * {@code Z}, {@code UTC}, {@code +HH[:MM]} / {@code -HH[:MM]} or a name like {@code America/Los_Angeles}
 * (UTC when absent), within BigQuery's range 0001-01-01 00:00:00 to 9999-12-31 23:59:59.999999 UTC.
 */
final class TimestampText {
  static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999Z");
  private static final Pattern SECONDS = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
  private static final Pattern CIVIL = Pattern.compile(
      "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[Tt ](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?)?"
          + "\\s*(Z|z|UTC|[+-]\\d{1,2}(?::?\\d{2})?|[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)+)?");

  private TimestampText() {}

  /** The instant at microsecond precision; IllegalArgumentException (with the reason) when not a TIMESTAMP. */
  static Instant parse(String raw, boolean isNumber) {
    String text = raw.trim();
    Instant instant;
    if (isNumber || SECONDS.matcher(text).matches()) {
      BigDecimal micros = new BigDecimal(text).movePointRight(6).setScale(0, RoundingMode.HALF_UP);
      BigDecimal[] split = micros.divideAndRemainder(BigDecimal.valueOf(1_000_000));
      if (split[0].abs().compareTo(BigDecimal.valueOf(400_000_000_000L)) > 0) {
        throw outOfRange(text);
      }
      instant = Instant.ofEpochSecond(split[0].longValueExact(), split[1].longValueExact() * 1000);
    } else {
      Matcher m = CIVIL.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a timestamp");
      }
      LocalDateTime civil;
      try {
        civil = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
            m.group(4) == null ? 0 : Integer.parseInt(m.group(4)), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
            m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9)));
        instant = civil.atZone(zone(m.group(8))).toInstant();
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    instant = instant.truncatedTo(ChronoUnit.MICROS);
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw outOfRange(text);
    }
    return instant;
  }

  private static ZoneId zone(String zone) {
    if (zone == null || zone.equalsIgnoreCase("Z") || zone.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    if (zone.startsWith("+") || zone.startsWith("-")) {
      String digits = zone.substring(1).replace(":", "");
      int hours = Integer.parseInt(digits.length() <= 2 ? digits : digits.substring(0, digits.length() - 2));
      int minutes = digits.length() <= 2 ? 0 : Integer.parseInt(digits.substring(digits.length() - 2));
      int sign = zone.startsWith("-") ? -1 : 1;
      return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
    return ZoneId.of(zone);
  }

  private static IllegalArgumentException outOfRange(String text) {
    return new IllegalArgumentException("out of range: " + text + " (BigQuery's TIMESTAMP range is 0001-01-01 00:00:00 "
        + "to 9999-12-31 23:59:59.999999 UTC)");
  }
}
