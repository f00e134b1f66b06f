package dev.bqsync.core.config;

import java.time.Duration;

/**
 * How far below the cursor each run reads again, for rows committed late with a lower key: a
 * number of keys for numeric keys, a span of time for TIMESTAMP and DATETIME keys (whose keys are
 * not counted but measured).
 */
public sealed interface Lookback permits Lookback.Keys, Lookback.Span {
  Keys NONE = new Keys(0);
  long MAX_KEYS = 1_000_000;
  /** A month: wider than any late arrival BigQuery streaming or a backfill is expected to make. */
  Duration MAX_SPAN = Duration.ofDays(31);

  boolean isNone();

  /** The last {@code count} keys below the cursor: {@code key >= cursor - count}. */
  record Keys(long count) implements Lookback {
    public Keys {
      if (count < 0 || count > MAX_KEYS) {
        throw new IllegalArgumentException("a lookback is 0.." + MAX_KEYS + " keys");
      }
    }

    @Override
    public boolean isNone() {
      return count == 0;
    }
  }

  /**
   * The keys within {@code span} of the cursor's time: {@code key >= cursor - span}. Whole
   * microseconds only, the precision of BigQuery's times.
   */
  record Span(Duration span) implements Lookback {
    public Span {
      if (span == null || span.isNegative() || span.compareTo(MAX_SPAN) > 0 || span.getNano() % 1000 != 0) {
        throw new IllegalArgumentException("a lookback span is 0 to " + MAX_SPAN + " in whole microseconds");
      }
    }

    @Override
    public boolean isNone() {
      return span.isZero();
    }

    public long micros() {
      return span.getSeconds() * 1_000_000L + span.getNano() / 1000;
    }
  }
}
