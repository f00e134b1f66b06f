package dev.bqsync.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.Aggregation;
import dev.bqsync.core.config.ColumnOrConstant;
import dev.bqsync.core.config.CustomMetricMapping;
import dev.bqsync.core.config.Frequency;
import dev.bqsync.core.config.FrequencyKind;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.config.UsageKind;
import dev.bqsync.core.config.UsageModel;
import dev.bqsync.core.config.UsageSection;
import dev.bqsync.core.config.UserActivityMapping;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageRowMapperTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final UsageSection LOGINS = new UsageSection("logins", UsageKind.USER_ACTIVITY, UsageModel.END_USER,
      TableRef.parse("acme-analytics.usage.login_events"), "event_id",
      new UserActivityMapping("user_email", "user_id", ColumnOrConstant.column("event_name"), "event_time", "company_id",
          null, "weight", List.of("browser")), 100, Frequency.every(FrequencyKind.EVERY_5_MIN), 0, true);
  private static final UsageSection CALLS = new UsageSection("calls", UsageKind.CUSTOM_METRIC, UsageModel.COMPANY,
      TableRef.parse("acme-analytics.usage.api_calls"), "row_id",
      new CustomMetricMapping("company_id", ColumnOrConstant.column("metric"), "calls", "day", Aggregation.SUM), 100,
      Frequency.every(FrequencyKind.EVERY_60_MIN), 0, true);

  private static SourceRow row(Object key, Object... pairs) {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put((String) pairs[i], pairs[i + 1]);
    }
    return new SourceRow(key, values);
  }

  private static MappedRow activity(SourceRow row) {
    return new UsageRowMapper(LOGINS, BERLIN).map(NumberKey.of(7), row);
  }

  private static RejectionReason rejection(MappedRow row) {
    assertThat(row).isInstanceOf(MappedRow.Rejected.class);
    return ((MappedRow.Rejected) row).reason();
  }

  @Test
  void aCompleteRowBecomesAUserActivityWithAStableId() {
    MappedRow mapped = activity(row(7L, "user_email", " Ada@Acme.example ", "event_name", "login",
        "event_time", Instant.parse("2026-11-23T10:00:00Z"), "company_id", "c1", "weight", 2L, "browser", "firefox"));

    UserActivity a = (UserActivity) ((MappedRow.Accepted) mapped).record();
    assertThat(a.id()).isEqualTo("logins:7");
    assertThat(a.email()).isEqualTo("Ada@Acme.example");
    assertThat(a.action()).isEqualTo("login");
    assertThat(a.weight()).isEqualTo(2.0);
    assertThat(a.info()).containsEntry("browser", "firefox");
    assertThat(a.target()).isEqualTo(new UsageTarget(UsageModel.END_USER, UsageTarget.By.EMAIL, "Ada@Acme.example"));
  }

  @Test
  void datesOfEveryFormReadInTheTenantsZone() {
    assertThat(date(LocalDateTime.parse("2026-11-23T10:00:00"))).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
    assertThat(date(LocalDate.parse("2026-11-23"))).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
    assertThat(date("2026-11-23T10:00:00+02:00")).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
    assertThat(date("2026-11-23 10:00:00")).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
  }

  private static Instant date(Object value) {
    MappedRow mapped = activity(row(7L, "user_email", "a@b.c", "event_name", "x", "event_time", value));
    return ((UserActivity) ((MappedRow.Accepted) mapped).record()).date();
  }

  @Test
  void everyRowRejectionSaysWhichFieldAndWhy() {
    assertThat(rejection(activity(row(7L, "event_name", "x", "event_time", Instant.EPOCH))))
        .isEqualTo(RejectionReason.REQUIRED_FIELD_NULL);
    assertThat(rejection(activity(row(7L, "user_email", "a@b.c", "event_time", Instant.EPOCH))))
        .isEqualTo(RejectionReason.REQUIRED_FIELD_NULL);
    assertThat(rejection(activity(row(7L, "user_email", "a@b.c", "event_name", "x"))))
        .isEqualTo(RejectionReason.REQUIRED_FIELD_NULL);
    MappedRow badDate = activity(row(7L, "user_email", "a@b.c", "event_name", "x", "event_time", "yesterday"));
    assertThat(rejection(badDate)).isEqualTo(RejectionReason.DATE_UNPARSEABLE);
    assertThat(((MappedRow.Rejected) badDate).sample().detail()).contains("event_time: 'yesterday'");
    assertThat(rejection(activity(row(7L, "user_email", "a@b.c", "event_name", "x", "event_time", Instant.EPOCH,
        "weight", "heavy")))).isEqualTo(RejectionReason.VALUE_NOT_CONVERTIBLE);
  }

  @Test
  void metricPointsKnowTheirDayInTheTenantsZone() {
    MappedRow mapped = new UsageRowMapper(CALLS, BERLIN).map(NumberKey.of(1),
        row("1", "company_id", "c1", "metric", "api_calls", "calls", new BigDecimal("12.5"),
            "day", Instant.parse("2026-11-23T23:30:00Z")));

    MetricPoint p = (MetricPoint) ((MappedRow.Accepted) mapped).record();
    assertThat(p.day()).isEqualTo(LocalDate.parse("2026-11-24"));
    assertThat(p.value()).isEqualByComparingTo("12.5");
    assertThat(p.target()).isEqualTo(new UsageTarget(UsageModel.COMPANY, UsageTarget.By.EXTERNAL_ID, "c1"));
  }

  @Test
  void badDimensionsAndValuesAreRejected() {
    UsageRowMapper mapper = new UsageRowMapper(CALLS, BERLIN);
    assertThat(rejection(mapper.map(NumberKey.of(1), row("1", "company_id", "c1", "metric", "api calls!", "calls", 1L,
        "day", Instant.EPOCH)))).isEqualTo(RejectionReason.VALUE_NOT_CONVERTIBLE);
    assertThat(rejection(mapper.map(NumberKey.of(1), row("1", "company_id", "c1", "metric", "m", "calls", Double.NaN,
        "day", Instant.EPOCH)))).isEqualTo(RejectionReason.VALUE_NOT_CONVERTIBLE);
    assertThat(rejection(mapper.map(NumberKey.of(1), row("1", "metric", "m", "calls", 1L, "day", Instant.EPOCH))))
        .isEqualTo(RejectionReason.REQUIRED_FIELD_NULL);
  }

  @Test
  void keysAreWholeNumbersOfAtMost32Digits() {
    assertThat(UsageKey.parse(42L)).isEqualTo(new UsageKey.Valid(NumberKey.of(42)));
    assertThat(UsageKey.parse("0042")).isEqualTo(new UsageKey.Valid(NumberKey.of(42)));
    assertThat(UsageKey.parse(new BigDecimal("12.000"))).isEqualTo(new UsageKey.Valid(NumberKey.of(12)));
    assertThat(((UsageKey.Invalid) UsageKey.parse(null)).reason()).isEqualTo(RejectionReason.NULL_KEY);
    assertThat(((UsageKey.Invalid) UsageKey.parse("12a")).reason()).isEqualTo(RejectionReason.KEY_NOT_NUMERIC);
    assertThat(((UsageKey.Invalid) UsageKey.parse(new BigDecimal("1.5"))).reason()).isEqualTo(RejectionReason.KEY_NOT_NUMERIC);
    assertThat(((UsageKey.Invalid) UsageKey.parse("1".repeat(33))).reason()).isEqualTo(RejectionReason.KEY_TOO_LONG);
    assertThat(UsageKey.parse("9".repeat(32))).isInstanceOf(UsageKey.Valid.class);
  }
}
