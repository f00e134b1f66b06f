package dev.bqsync.core.config;

import java.time.Duration;
import java.util.Optional;

/** How often a usage section is due. */
public enum FrequencyKind {
  EVERY_5_MIN(Duration.ofMinutes(5)),
  EVERY_10_MIN(Duration.ofMinutes(10)),
  EVERY_30_MIN(Duration.ofMinutes(30)),
  EVERY_60_MIN(Duration.ofMinutes(60)),
  /** Once a day at a set local time. */
  DAILY(null);

  private final Duration interval;

  FrequencyKind(Duration interval) {
    this.interval = interval;
  }

  /** The fixed interval, or empty for DAILY. */
  public Optional<Duration> interval() {
    return Optional.ofNullable(interval);
  }
}
