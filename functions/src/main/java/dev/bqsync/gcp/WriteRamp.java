package dev.bqsync.gcp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Firestore's "500/50/5" ramp-up rule for writes to a fresh collection: start at 500 writes per
 * second and grow by 50% every 5 minutes. Off for the emulator (no such limit there); on in
 * production unless FIRESTORE_RAMP_UP=false.
 */
public final class WriteRamp {
  private static final Duration STEP = Duration.ofMinutes(5);

  private final boolean enabled;
  private final Clock clock;
  private final Instant start;
  private double available;
  private Instant refilled;

  public WriteRamp(boolean enabled, Clock clock) {
    this.enabled = enabled;
    this.clock = clock;
    this.start = clock.instant();
    this.refilled = start;
  }

  public static WriteRamp off() {
    return new WriteRamp(false, Clock.systemUTC());
  }

  /** Whether the ramp applies (production) or not (the emulator, or FIRESTORE_RAMP_UP=false). */
  public boolean enabled() {
    return enabled;
  }

  /** Waits until {@code writes} more writes fit under the current rate. */
  public synchronized void acquire(int writes) {
    if (!enabled) {
      return;
    }
    while (true) {
      Instant now = clock.instant();
      double rate = ratePerSecond(now);
      available = Math.min(rate, available + rate * Duration.between(refilled, now).toNanos() / 1e9);
      refilled = now;
      if (available >= writes || available >= rate) {
        available -= writes;
        return;
      }
      long waitMillis = (long) Math.ceil((writes - available) / rate * 1000);
      try {
        Thread.sleep(Math.max(1, waitMillis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  double ratePerSecond(Instant now) {
    long steps = Duration.between(start, now).toNanos() / STEP.toNanos();
    return 500 * Math.pow(1.5, steps);
  }
}
