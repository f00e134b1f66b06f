package dev.bqsync.core.usage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A TIMESTAMP or DATETIME key with its tie-break, at BigQuery's microsecond precision.
 * {@code micros} counts from 1970-01-01 00:00 UTC; a DATETIME (no zone, {@code zoned} false) is
 * taken as UTC wall time, so its order and a lookback span are wall-clock ones whatever the
 * tenant's time zone (a zone with daylight saving would make the same wall time happen twice).
 */
public record TimeKey(long micros, boolean zoned, TieBreak tieBreak) implements RowKey {
  /** 0001-01-01 00:00:00, the smallest TIMESTAMP and DATETIME. */
  public static final long MIN_MICROS = -62_135_596_800_000_000L;
  /** 9999-12-31 23:59:59.999999, the largest. */
  public static final long MAX_MICROS = 253_402_300_799_999_999L;
  private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");

  public TimeKey {
    if (micros < MIN_MICROS || micros > MAX_MICROS) {
      throw new IllegalArgumentException("a time key is within 0001-01-01 and 9999-12-31");
    }
    if (tieBreak == null) {
      throw new IllegalArgumentException("a time key has a tie-break");
    }
  }

  /** A TIMESTAMP key; sub-microsecond digits (BigQuery has none) are an error, never rounded away. */
  public static TimeKey of(Instant at, TieBreak tieBreak) {
    return new TimeKey(micros(at), true, tieBreak);
  }

  /** A DATETIME key, as UTC wall time. */
  public static TimeKey of(LocalDateTime at, TieBreak tieBreak) {
    return new TimeKey(micros(at.toInstant(ZoneOffset.UTC)), false, tieBreak);
  }

  static TimeKey of(String wallTime, boolean zoned, TieBreak tieBreak) {
    return new TimeKey(micros(LocalDateTime.parse(wallTime).toInstant(ZoneOffset.UTC)), zoned, tieBreak);
  }

  public static long micros(Instant at) {
    if (at.getNano() % 1000 != 0) {
      throw new IllegalArgumentException(at + " is finer than a microsecond");
    }
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
  }

  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  /** The time alone, as ids show it: always six fraction digits, so texts sort as times do. */
  public String timeText() {
    return wallTime(micros) + (zoned ? "Z" : "");
  }

  /** The wall time at UTC with six fraction digits, e.g. 2026-11-23T10:15:30.123456. */
  public static String wallTime(long micros) {
    return TEXT.format(LocalDateTime.ofInstant(instant(micros), ZoneOffset.UTC));
  }

  @Override
  public String text() {
    return timeText() + tieBreak.text();
  }
}
