package dev.bqsync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bqsync.testing.ExampleConfigs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A usage section keyed by a TIMESTAMP or DATETIME: its tieBreak and its lookback as a duration,
 * each wrong form told at its JSON path with what to change.
 */
class TimeKeyConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TenantConfigParser parser = new TenantConfigParser();

  private static JsonNode logins(ConfigEdit... edits) throws Exception {
    JsonNode config = JSON.readTree(ExampleConfigs.exampleTenantJson());
    ConfigEdit.set("/usageSections/0/keyColumn", "\"ingested_at\"").applyTo(config);
    for (ConfigEdit edit : edits) {
      edit.applyTo(config);
    }
    return config;
  }

  private String problemAt(String path, JsonNode config) {
    InvalidConfigException error = catchThrowableOfType(() -> parser.parse(config), InvalidConfigException.class);
    assertThat(error).as("the config must be rejected").isNotNull();
    return error.problems().stream().filter(p -> p.path().equals(path)).map(ConfigProblem::message).findFirst()
        .orElseThrow(() -> new AssertionError("no problem at " + path + " in " + error.problems()));
  }

  @Test
  void aTimeKeyTakesATieBreakAndADurationLookbackAndWritesThemBack() throws Exception {
    TenantConfig config = parser.parse(logins(ConfigEdit.set("/usageSections/0/tieBreak", "\"event_id\""),
        ConfigEdit.set("/usageSections/0/lookback", "\"PT10M\"")));

    UsageSection logins = config.usageSection("logins").orElseThrow();
    assertThat(logins.tieBreak()).isEqualTo("event_id");
    assertThat(logins.lookback()).isEqualTo(new Lookback.Span(Duration.ofMinutes(10)));
    assertThat(parser.parse(new TenantConfigWriter().toJson(config))).isEqualTo(config);
  }

  @Test
  void aNumberLookbackWithATieBreakSaysToGiveADuration() throws Exception {
    assertThat(problemAt("$.usageSections[0].lookback", logins(ConfigEdit.set("/usageSections/0/tieBreak",
        "\"event_id\""), ConfigEdit.set("/usageSections/0/lookback", "600"))))
        .contains("is a number of keys, but a section with a tieBreak has a TIMESTAMP or DATETIME key")
        .contains("give the lookback as an ISO-8601 duration, e.g. \"PT10M\"");
  }

  @Test
  void aDurationLookbackWithoutATieBreakSaysWhichFormFitsWhichKey() throws Exception {
    JsonNode numeric = JSON.readTree(ExampleConfigs.exampleTenantJson());
    ConfigEdit.set("/usageSections/0/lookback", "\"PT10M\"").applyTo(numeric);

    assertThat(problemAt("$.usageSections[0].lookback", numeric))
        .contains("is a duration, which only a TIMESTAMP or DATETIME key takes (with a tieBreak column)")
        .contains("for a numeric key give a number of keys, e.g. 100; for a time key add \"tieBreak\"");
  }

  @Test
  void aDurationMustBeISO8601WithinAMonthAndWholeMicroseconds() throws Exception {
    ConfigEdit tie = ConfigEdit.set("/usageSections/0/tieBreak", "\"event_id\"");
    for (List<String> c : List.of(
        List.of("\"10 minutes\"", "'10 minutes' is not an ISO-8601 duration: use e.g. \"PT10M\""),
        List.of("\"-PT5M\"", "is -PT5M: use a duration from PT0S to P31D"),
        List.of("\"P32D\"", "is P32D: use a duration from PT0S to P31D"),
        List.of("\"PT0.0000001S\"", "finer than BigQuery's microseconds"),
        List.of("true", "must be a whole number of keys (numeric keys) or an ISO-8601 duration such as \"PT10M\""))) {
      assertThat(problemAt("$.usageSections[0].lookback", logins(tie, ConfigEdit.set("/usageSections/0/lookback",
          c.get(0))))).as(c.get(0)).contains(c.get(1));
    }
    TenantConfig finest = parser.parse(logins(tie, ConfigEdit.set("/usageSections/0/lookback", "\"PT0.000001S\"")));
    assertThat(finest.usageSection("logins").orElseThrow().lookback()).isEqualTo(new Lookback.Span(Duration.ofNanos(1000)));
  }

  @Test
  void theTieBreakIsAValidColumnOtherThanTheKey() throws Exception {
    assertThat(problemAt("$.usageSections[0].tieBreak", logins(ConfigEdit.set("/usageSections/0/tieBreak",
        "\"ingested_at\"")))).contains("is the key column itself: name another column");
    assertThat(problemAt("$.usageSections[0].tieBreak", logins(ConfigEdit.set("/usageSections/0/tieBreak",
        "\"event id\"")))).contains("not a valid column name");
  }

  /**
   * Decision: the key and the tie-break may also be mapped columns. Refusing served nobody: a time
   * key is usually the activity's own date, and an event id is worth keeping as info.
   */
  @Test
  void theKeyAndTheTieBreakMayAlsoBeMappedColumns() throws Exception {
    TenantConfig config = parser.parse(logins(ConfigEdit.set("/usageSections/0/tieBreak", "\"weight\""),
        ConfigEdit.set("/usageSections/0/mapping/date", "\"ingested_at\"")));

    UsageSection logins = config.usageSection("logins").orElseThrow();
    assertThat(logins.tieBreak()).isEqualTo("weight");
    assertThat(logins.mapping().columns()).contains("ingested_at", "weight");
    assertThat(parser.parse(new TenantConfigWriter().toJson(config))).isEqualTo(config);
  }
}
