package dev.bqsync.core.usage;

import dev.bqsync.core.config.Frequency;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a usage section is due: when a moment of its schedule (a multiple of 5, 10, 30 or 60
 * minutes, or HH:MM in the tenant's time zone) has come since the moment its last run counted
 * for. A call a little early (clock skew) counts for the coming moment.
 */
public final class DueRule {
  /** How early a scheduled call may arrive and still count for the coming moment. */
  public static final Duration GRACE = Duration.ofSeconds(30);

  private DueRule() {}

  public static boolean isDue(Frequency frequency, ZoneId zone, Instant lastRunAt, Instant now) {
    if (lastRunAt == null) {
      return true;
    }
    // Both sides get the same grace: a run made just before a moment counted for that moment.
    return latestScheduled(frequency, zone, lastRunAt).isBefore(latestScheduled(frequency, zone, now));
  }

  /** The first scheduled moment after the one {@code now} counts for: when a section is next due. */
  public static Instant nextScheduled(Frequency frequency, ZoneId zone, Instant now) {
    Instant latest = latestScheduled(frequency, zone, now);
    if (frequency.kind().interval().isPresent()) {
      return latest.plus(frequency.kind().interval().get());
    }
    LocalDate day = latest.atZone(zone).toLocalDate().plusDays(1);
    return ZonedDateTime.of(day, frequency.dailyAt(), zone).toInstant();
  }

  /** The most recent scheduled moment at or before {@code now} (plus grace). */
  public static Instant latestScheduled(Frequency frequency, ZoneId zone, Instant now) {
    Instant reference = now.plus(GRACE);
    if (frequency.kind().interval().isPresent()) {
      long seconds = frequency.kind().interval().get().getSeconds();
      // Slots are aligned to the epoch (UTC): every scheduler call lands in a slot of its own.
      return Instant.ofEpochSecond(Math.floorDiv(reference.getEpochSecond(), seconds) * seconds);
    }
    LocalDate today = reference.atZone(zone).toLocalDate();
    // ZonedDateTime.of moves a time that falls in a daylight-saving gap forward, and takes the
    // earlier of two in an overlap, so a daily run happens once a day across DST changes.
    Instant todays = ZonedDateTime.of(today, frequency.dailyAt(), zone).toInstant();
    return todays.isAfter(reference) ? ZonedDateTime.of(today.minusDays(1), frequency.dailyAt(), zone).toInstant() : todays;
  }
}
