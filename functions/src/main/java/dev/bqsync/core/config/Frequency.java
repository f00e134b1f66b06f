package dev.bqsync.core.config;

import java.time.LocalTime;

/** A usage section's schedule: every 5/10/30/60 minutes, or DAILY at a local time (in the tenant's time zone). */
public record Frequency(FrequencyKind kind, LocalTime dailyAt) {
  public Frequency {
    Check.present(kind, "frequency");
    if ((kind == FrequencyKind.DAILY) != (dailyAt != null)) {
      throw new IllegalArgumentException("a DAILY frequency needs a time, and only DAILY has one");
    }
  }

  public static Frequency every(FrequencyKind kind) {
    return new Frequency(kind, null);
  }

  public static Frequency dailyAt(LocalTime time) {
    return new Frequency(FrequencyKind.DAILY, time);
  }
}
