package dev.bqsync.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.Frequency;
import dev.bqsync.core.config.FrequencyKind;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DueRuleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static boolean due(Frequency f, String last, String now) {
    return DueRule.isDue(f, BERLIN, last == null ? null : Instant.parse(last), Instant.parse(now));
  }

  @ParameterizedTest(name = "{0}: last {1}, now {2} -> {3}")
  @CsvSource({
      "EVERY_5_MIN,  2026-11-23T10:00:02Z, 2026-11-23T10:04:00Z, false",
      "EVERY_5_MIN,  2026-11-23T10:00:02Z, 2026-11-23T10:05:01Z, true",
      "EVERY_5_MIN,  2026-11-23T10:04:45Z, 2026-11-23T10:05:10Z, false",
      "EVERY_5_MIN,  2026-11-23T10:04:45Z, 2026-11-23T10:09:40Z, true",
      "EVERY_10_MIN, 2026-11-23T10:00:02Z, 2026-11-23T10:09:00Z, false",
      "EVERY_10_MIN, 2026-11-23T10:00:02Z, 2026-11-23T10:10:00Z, true",
      "EVERY_30_MIN, 2026-11-23T10:00:02Z, 2026-11-23T10:29:00Z, false",
      "EVERY_30_MIN, 2026-11-23T10:00:02Z, 2026-11-23T10:30:03Z, true",
      "EVERY_60_MIN, 2026-11-23T10:00:02Z, 2026-11-23T10:59:00Z, false",
      "EVERY_60_MIN, 2026-11-23T10:00:02Z, 2026-11-23T11:00:01Z, true"})
  void intervalSectionsAreDueOncePerSlot(FrequencyKind kind, String last, String now, boolean expected) {
    assertThat(due(Frequency.every(kind), last, now)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} at {1}: next due {2}")
  @CsvSource({
      "EVERY_10_MIN, 2026-11-23T07:35:00Z, 2026-11-23T07:40:00Z",
      "EVERY_10_MIN, 2026-11-23T07:39:45Z, 2026-11-23T07:50:00Z",
      "EVERY_5_MIN,  2026-11-23T07:30:00Z, 2026-11-23T07:35:00Z",
      "EVERY_60_MIN, 2026-11-23T23:10:00Z, 2026-11-24T00:00:00Z"})
  void theNextDueMomentIsAlwaysInTheFuture(FrequencyKind kind, String now, String next) {
    assertThat(DueRule.nextScheduled(Frequency.every(kind), BERLIN, Instant.parse(now))).isEqualTo(Instant.parse(next))
        .isAfter(Instant.parse(now));
  }

  @Test
  void aDailySectionIsNextDueTomorrowAtItsLocalTimeAcrossDaylightSaving() {
    Frequency at0630 = Frequency.dailyAt(LocalTime.of(6, 30));
    assertThat(DueRule.nextScheduled(at0630, BERLIN, Instant.parse("2026-11-23T18:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-24T05:30:00Z"));
    // the night clocks go back: 06:30 CET on 2026-10-25 is 05:30 UTC, the day before 04:30 UTC
    assertThat(DueRule.nextScheduled(at0630, BERLIN, Instant.parse("2026-10-24T12:00:00Z")))
        .isEqualTo(Instant.parse("2026-10-25T05:30:00Z"));
  }

  @Test
  void aSectionThatNeverRanIsDue() {
    assertThat(due(Frequency.dailyAt(LocalTime.of(6, 30)), null, "2026-11-23T00:00:00Z")).isTrue();
  }

  @ParameterizedTest(name = "daily 06:30 Berlin: last {0}, now {1} -> {2}")
  @CsvSource({
      // 06:30 in Berlin in November is 05:30 UTC
      "2026-11-22T05:30:04Z, 2026-11-23T05:29:00Z, false",
      "2026-11-22T05:30:04Z, 2026-11-23T05:30:01Z, true",
      "2026-11-23T05:30:01Z, 2026-11-23T18:00:00Z, false",
      "2026-11-20T05:30:01Z, 2026-11-23T02:00:00Z, true"})
  void dailySectionsRunOnceADayAtTheirLocalTime(String last, String now, boolean expected) {
    assertThat(due(Frequency.dailyAt(LocalTime.of(6, 30)), last, now)).isEqualTo(expected);
  }

  @Test
  void aDailyTimeInTheSpringForwardGapRunsOnceThatDay() {
    // 2026-03-29 in Berlin: clocks jump from 02:00 to 03:00; 02:30 does not exist, so the run moves to 03:30 CEST.
    Frequency at0230 = Frequency.dailyAt(LocalTime.of(2, 30));
    String dayBefore = "2026-03-28T01:30:05Z"; // 02:30 CET
    assertThat(due(at0230, dayBefore, "2026-03-29T01:00:00Z")).as("03:00 CEST, before the moved time").isFalse();
    assertThat(due(at0230, dayBefore, "2026-03-29T01:30:01Z")).as("03:30 CEST").isTrue();
    assertThat(due(at0230, "2026-03-29T01:30:01Z", "2026-03-29T20:00:00Z")).isFalse();
    assertThat(due(at0230, "2026-03-29T01:30:01Z", "2026-03-30T00:30:01Z")).as("02:30 CEST next day").isTrue();
  }

  @Test
  void aDailyTimeInTheFallBackOverlapRunsOnceThatDay() {
    // 2026-10-25 in Berlin: 02:30 happens twice (CEST, then CET); the first one counts.
    Frequency at0230 = Frequency.dailyAt(LocalTime.of(2, 30));
    String firstPass = "2026-10-25T00:30:02Z"; // 02:30 CEST
    assertThat(due(at0230, "2026-10-24T00:30:02Z", firstPass)).isTrue();
    assertThat(due(at0230, firstPass, "2026-10-25T01:30:02Z")).as("02:30 CET, the second pass").isFalse();
    assertThat(due(at0230, firstPass, "2026-10-26T01:30:02Z")).as("02:30 CET the next day").isTrue();
  }
}
