package dev.bqsync.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The query an operator's `bqsync logs` makes: its checks, its filter, how far back, its lines. */
class LogQueryTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.250Z");

  @Test
  void theFilterNamesEveryLabelGivenTheSeverityFloorAndTheStart() {
    LogQuery query = new LogQuery("acme", "usage", "logins", "20261123-101530-3f9a1c2e", Duration.ofHours(1),
        Severity.WARNING, 50);

    assertThat(LogFilter.of(query, NOW)).isEqualTo("labels.tenant=\"acme\" AND labels.job=\"usage\""
        + " AND labels.section=\"logins\" AND labels.run=\"20261123-101530-3f9a1c2e\""
        + " AND severity>=WARNING AND timestamp>=\"2026-11-23T09:15:30Z\"");
  }

  @Test
  void onlyTheTenantAndTheStartWhenNothingElseIsAsked() {
    assertThat(LogFilter.of(LogQuery.forTenant("acme"), NOW))
        .isEqualTo("labels.tenant=\"acme\" AND timestamp>=\"2026-11-22T10:15:30Z\"");
  }

  @Test
  void aValueCannotEndItsStringAndAddFilterSyntax() {
    // problems() refuses such values before any filter is built; the filter is safe on its own too.
    LogQuery query = new LogQuery("acme", null, "x\" OR labels.tenant=\"other", "a\\\" OR \"b", Duration.ofHours(1),
        null, 50);

    assertThat(LogFilter.of(query, NOW)).isEqualTo("labels.tenant=\"acme\""
        + " AND labels.section=\"x\\\" OR labels.tenant=\\\"other\""
        + " AND labels.run=\"a\\\\\\\" OR \\\"b\""
        + " AND timestamp>=\"2026-11-23T09:15:30Z\"");
    assertThat(query.problems()).hasSize(2);
  }

  @Test
  void controlCharactersAreRefusedRatherThanEscaped() {
    LogQuery query = new LogQuery("acme", null, "logins\nOR", null, Duration.ofHours(1), null, 50);

    assertThatThrownBy(() -> LogFilter.of(query, NOW)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void problemsSayWhatToUse() {
    LogQuery query = new LogQuery("Acme Corp", "nightly", "bad section", "r 1", Duration.ZERO, null, 0);

    assertThat(query.problems()).hasSize(6).anySatisfy(p -> assertThat(p).contains("not a valid tenant id"))
        .anySatisfy(p -> assertThat(p).contains("'nightly' is not a job: use one of usage, crm, oauth"))
        .anySatisfy(p -> assertThat(p).contains("not a valid section id"))
        .anySatisfy(p -> assertThat(p).contains("not a run id"))
        .anySatisfy(p -> assertThat(p).contains("--since"))
        .anySatisfy(p -> assertThat(p).contains("--limit 0 is out of range: use 1 to 1000"));
    assertThat(new LogQuery("acme", "crm", "deals", "20261123-101530-3f9a1c2e", Duration.ofMinutes(5),
        Severity.ERROR, 1000).problems()).isEmpty();
  }

  @Test
  void lookBackReadsTheFormsPeopleWrite() {
    assertThat(LookBack.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(LookBack.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(LookBack.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(LookBack.parse(" 2D ")).isEqualTo(Duration.ofDays(2));
    assertThat(LookBack.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    assertThat(LookBack.parse("pt15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(LookBack.parse("P1D")).isEqualTo(Duration.ofDays(1));
    for (String bad : new String[] {"", "1", "h", "1w", "1h30m", "-1h", "PT", null}) {
      assertThatThrownBy(() -> LookBack.parse(bad)).as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use for example 30m, 1h, 2d or PT1H");
    }
  }

  @Test
  void oneReadableLinePerEntry() {
    LoggedEntry entry = new LoggedEntry(Instant.parse("2026-11-23T10:15:30.123Z"), "WARNING",
        Map.of("tenant", "acme", "job", "usage", "section", "logins", "run", "20261123-101530-3f9a1c2e"),
        "usage pull logins: 3 rows rejected");

    assertThat(LogLines.format(entry)).isEqualTo(
        "2026-11-23T10:15:30Z  WARNING   acme/usage/logins/20261123-101530-3f9a1c2e  usage pull logins: 3 rows rejected");
  }

  @Test
  void missingLabelsShowAsDashesAndAStackTraceStaysOnOneLine() {
    LoggedEntry entry = new LoggedEntry(Instant.parse("2026-11-23T10:15:30Z"), "ERROR", Map.of("tenant", "acme"),
        "crm sync failed: java.lang.NullPointerException\n\tat dev.bqsync.X.y(X.java:1)\n\tat dev.bqsync.X.z(X.java:2)\n");

    assertThat(LogLines.format(entry)).isEqualTo(
        "2026-11-23T10:15:30Z  ERROR     acme/-/-/-  crm sync failed: java.lang.NullPointerException (+2 more lines)");
    assertThat(LogLines.format(new LoggedEntry(null, null, null, null))).isEqualTo("-  DEFAULT   -/-/-/-  ");
  }
}
