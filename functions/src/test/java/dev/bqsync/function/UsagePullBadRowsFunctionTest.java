package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.firestore.DocumentSnapshot;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.UsageTestbed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's cases through the served UsagePullFunction on both emulators: one table mixing every
 * kind of bad row with good ones, and the key and cursor cases that only had job-level tests.
 */
class UsagePullBadRowsFunctionTest {
  private static final String COLUMNS = "INSERT INTO usage.mixed (row_id, user_email, event_name, event_time, weight, "
      + "browser) ";
  private static FunctionServer server;
  private UsageTestbed bed;

  @BeforeAll
  static void serve() throws Exception {
    server = TestComponents.serveOnEmulators(UsagePullFunction.class);
  }

  @AfterAll
  static void stop() throws Exception {
    TestComponents.stop(server);
  }

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
  }

  /** The test tenant plus a USER_ACTIVITY section on usage.mixed (STRING key, text date and weight). */
  private void mixedSection(String extra) {
    bed.sql("CREATE TABLE usage.mixed (row_id STRING, user_email STRING, event_name STRING, event_time STRING, "
        + "weight STRING, browser STRING)");
    String section = "{\"id\": \"mixed\", \"kind\": \"USER_ACTIVITY\", \"source\": \"acme-analytics.usage.mixed\", "
        + "\"keyColumn\": \"row_id\", \"batchSize\": 500, \"frequency\": \"EVERY_5_MIN\"" + extra + ", "
        + "\"mapping\": {\"email\": \"user_email\", \"action\": {\"column\": \"event_name\"}, \"date\": \"event_time\", "
        + "\"weight\": \"weight\", \"info\": [\"browser\"]}},";
    bed.applyTenant(UsageTestbed.tenantJson().replace("\"usageSections\": [", "\"usageSections\": [" + section));
  }

  private void row(String key, String email, String action, String date, String weight, String browserSql) {
    bed.sql(COLUMNS + "VALUES (" + quoted(key) + ", " + quoted(email) + ", " + quoted(action) + ", " + quoted(date)
        + ", " + quoted(weight) + ", " + browserSql + ")");
  }

  private static String quoted(String s) {
    return s == null ? "NULL" : "'" + s + "'";
  }

  private static JsonNode pull(String section) throws Exception {
    FunctionServer.Answer answer = server.post("{\"tenantId\": \"acme\", \"sectionId\": \"" + section + "\"}");
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    return answer.section(section);
  }

  private static Map<String, Long> rejected(JsonNode section) {
    Map<String, Long> out = new HashMap<>();
    section.path("rejectedByReason").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  /** Sampled rejections as "key reason" (a null key shows as "null"). */
  private static List<String> sampled(JsonNode section) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : section.path("rejectedSamples")) {
      out.add((s.path("key").isNull() || s.path("key").isMissingNode() ? "null" : s.get("key").asText()) + " "
          + s.get("reason").asText());
    }
    return out;
  }

  /** The newest run record of the mixed section, as the management API's JSON would show its samples. */
  private JsonNode runRecord() {
    DocumentSnapshot run = bed.documents("runs").stream().filter(d -> "mixed".equals(d.getString("sectionId")))
        .max(java.util.Comparator.comparing(d -> d.getId())).orElseThrow();
    return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of("rejectedSamples",
        run.get("rejectedSamples")));
  }

  private Map<String, Long> writesPerId() {
    return bed.documents("userActivities").stream().collect(Collectors.groupingBy(DocumentSnapshot::getId,
        Collectors.counting()));
  }

  @Test
  void oneTableMixingEveryBadKindWithGoodRowsWritesEachGoodRowOnceAndRejectsEachBadOneWithItsReason()
      throws Exception {
    mixedSection(", \"lookback\": 3");
    String day = "2026-11-23T08:00:00Z";
    // good rows: small ones, values that look like reserved names or paths (values, not names), the
    // largest keys a STRING key holds, and 200 rows of 25 KB (5 MB: more than one commit takes)
    row("1", "ada@acme.example", "login", day, "1", "'firefox'");
    row("2", "ada@acme.example", "__name__", day, "2", "'__meta__'");
    row("3", "Bob@Acme.example", "a/b", day, "1.5", "'..'");
    bed.sql(COLUMNS + "SELECT CAST(n AS STRING), 'ada@acme.example', 'login', '" + day + "', '1', REPEAT('b', 25000) "
        + "FROM UNNEST(GENERATE_ARRAY(100, 299)) AS n");
    row("9223372036854775807", "ada@acme.example", "login", day, "1", "'int64 max'");
    row("99999999999999999999999999999999", "ada@acme.example", "login", day, "1", "'32 digits'");
    // parked: an end user the CRM does not hold yet
    row("4", "carol@acme.example", "login", day, "1", "'parked'");
    // bad rows, one of each kind
    row(null, "ada@acme.example", "login", day, "1", "'null key'");
    for (String notDigits : List.of("1e3", " 8", "12.5", "-7", "-9223372036854775808")) {
      row(notDigits, "ada@acme.example", "login", day, "1", "'not digits'");
    }
    // a flood of one reason (more rows than a run record samples) must not hide the others
    bed.sql(COLUMNS + "SELECT CONCAT('n', CAST(n AS STRING)), 'ada@acme.example', 'login', '" + day + "', '1', 'x' "
        + "FROM UNNEST(GENERATE_ARRAY(1, 120)) AS n");
    row("100000000000000000000000000000000", "ada@acme.example", "login", day, "1", "'33 digits'");
    row("5", "ada@acme.example", "login", day, "1", "'first of two'");
    row("5", "ada@acme.example", "logout", day, "1", "'second of two'");
    row("6", null, "login", day, "1", "'no email'");
    row("7", "ada@acme.example", "login", "soon", "1", "'bad date'");
    row("8", "ada@acme.example", "login", day, "heavy", "'bad weight'");
    row("9", "ada@acme.example", "login", day, "1", "REPEAT('x', 1100000)");

    JsonNode first = pull("mixed");

    assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("OK");
    assertThat(rejected(first)).containsExactlyInAnyOrderEntriesOf(Map.of("NULL_KEY", 1L, "KEY_NOT_NUMERIC", 125L,
        "KEY_TOO_LONG", 1L, "DUPLICATE_KEY", 1L, "REQUIRED_FIELD_NULL", 1L, "DATE_UNPARSEABLE", 1L,
        "VALUE_NOT_CONVERTIBLE", 1L, "VALUE_TOO_LARGE", 1L));
    assertThat(sampled(first)).as("the answer shows the first 10").hasSize(10);
    assertThat(sampled(runRecord())).contains("null NULL_KEY", "1e3 KEY_NOT_NUMERIC", " 8 KEY_NOT_NUMERIC",
        "12.5 KEY_NOT_NUMERIC", "-7 KEY_NOT_NUMERIC", "-9223372036854775808 KEY_NOT_NUMERIC",
        "100000000000000000000000000000000 KEY_TOO_LONG", "5 DUPLICATE_KEY", "6 REQUIRED_FIELD_NULL",
        "7 DATE_UNPARSEABLE", "8 VALUE_NOT_CONVERTIBLE", "9 VALUE_TOO_LARGE");
    assertThat(first.get("rowsParked").asLong()).isEqualTo(1);
    // 3 small + 200 mid-size + 2 extreme keys + the first of the two key-5 rows
    assertThat(first.get("rowsWritten").asLong()).isEqualTo(206);
    assertThat(first.get("cursorAfter").asText()).isEqualTo("99999999999999999999999999999999");
    Map<String, Long> written = writesPerId();
    assertThat(written).hasSize(206).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(written).containsKeys("mixed:1", "mixed:2", "mixed:3", "mixed:5", "mixed:100", "mixed:299",
        "mixed:9223372036854775807", "mixed:99999999999999999999999999999999")
        .doesNotContainKeys("mixed:4", "mixed:6", "mixed:7", "mixed:8", "mixed:9");
    assertThat(bed.documents("userActivities")).filteredOn(d -> d.getId().equals("mixed:2")).singleElement()
        .satisfies(d -> assertThat(d.getString("action")).isEqualTo("__name__"));
    assertThat(runRecord().path("rejectedSamples").size()).isLessThanOrEqualTo(100);
    String before = bed.usageState();

    // a statement that changes no value still changes the table, so the next run queries again
    bed.sql("UPDATE usage.mixed SET browser = browser WHERE row_id = '1'");
    JsonNode next = pull("mixed");

    assertThat(next.get("status").asText()).as(next.toString()).isEqualTo("OK");
    assertThat(next.get("rowsWritten").asLong()).as("nothing new is written").isZero();
    assertThat(bed.usageState()).isEqualTo(before);
    assertThat(next.get("cursorAfter").asText()).isEqualTo("99999999999999999999999999999999");
    // the documented rule: rows whose key is null or not a key are read and reported on every run
    assertThat(rejected(next)).containsEntry("NULL_KEY", 1L).containsEntry("KEY_NOT_NUMERIC", 125L)
        .containsEntry("KEY_TOO_LONG", 1L);
    assertThat(rejected(next)).doesNotContainKeys("VALUE_TOO_LARGE", "DATE_UNPARSEABLE", "DUPLICATE_KEY");
    assertThat(next.get("rowsStillParked").asLong()).as("carol still waits").isEqualTo(1);
  }

  private void lookback(int n) {
    bed.applyTenant(UsageTestbed.tenantJson().replace("\"batchSize\": 2,", "\"batchSize\": 2, \"lookback\": " + n + ","));
  }

  private void login(String keySql) {
    bed.sql("INSERT INTO usage.login_events (event_id, user_email, event_name, event_time, company_id, weight, browser) "
        + "SELECT " + keySql + ", 'ada@acme.example', 'login', TIMESTAMP '2026-11-23 08:00:00', 'c1', 1.5, 'firefox'");
  }

  @Test
  void int64KeysAtBothEndsWorkWithALookback() throws Exception {
    lookback(5);
    login("CAST('-9223372036854775808' AS INT64)");
    assertThat(pull("logins").get("cursorAfter").asText()).isEqualTo("-9223372036854775808");
    login("CAST('-9223372036854775807' AS INT64)");
    login("CAST('9223372036854775807' AS INT64)");

    JsonNode both = pull("logins");

    assertThat(both.get("status").asText()).as(both.toString()).isEqualTo("OK");
    assertThat(both.get("rowsWritten").asLong()).isEqualTo(2);
    assertThat(both.get("rowsAlreadyPresent").asLong()).as("the minimum, re-read by the lookback").isEqualTo(1);
    assertThat(both.get("cursorAfter").asText()).isEqualTo("9223372036854775807");
    bed.sql("UPDATE usage.login_events SET browser = browser WHERE TRUE");
    JsonNode top = pull("logins");
    assertThat(top.get("status").asText()).as(top.toString()).isEqualTo("OK");
    assertThat(top.get("rowsWritten").asLong()).isZero();
    assertThat(bed.documents("userActivities")).hasSize(3);
  }

  @Test
  void theLookbackReReadsExactlyTheLastNKeysBelowTheCursor() throws Exception {
    lookback(100);
    login("1000");
    pull("logins");
    login("899");
    login("900");

    JsonNode o = pull("logins");

    assertThat(o.get("lateRowsRecovered").asLong()).isEqualTo(1);
    assertThat(bed.documents("userActivities")).extracting(DocumentSnapshot::getId)
        .containsExactlyInAnyOrder("logins:1000", "logins:900");
    lookback(1);
    login("998");
    login("999");
    bed.sql("UPDATE usage.login_events SET browser = browser WHERE TRUE");
    assertThat(pull("logins").get("lateRowsRecovered").asLong()).isEqualTo(1);
    assertThat(bed.documents("userActivities")).extracting(DocumentSnapshot::getId)
        .containsExactlyInAnyOrder("logins:1000", "logins:900", "logins:999");
  }

  @Test
  void afterACursorResetARecreatedTablesRepeatedKeysAreWritten() throws Exception {
    bed.logins(1, 5, "ada@acme.example");
    pull("logins");
    bed.sql("DELETE FROM usage.login_events WHERE TRUE");
    bed.logins(1, 3, "ada@acme.example");
    JsonNode warned = pull("logins");
    assertThat(warned.get("warnings").toString()).contains("bqsync cursor reset --recreated");

    new dev.bqsync.gcp.FirestoreCursorStore(bed.firestore, java.time.Clock.systemUTC()).reset("acme", "logins", true);
    JsonNode o = pull("logins");

    assertThat(o.get("rowsWritten").asLong()).isEqualTo(3);
    assertThat(o.get("rowsAlreadyPresent").asLong()).isZero();
    assertThat(bed.documents("userActivities")).hasSize(8);
  }

  @Test
  void everyParkedRowGetsItsTurnEvenPastTheFirstFiveThousand() throws Exception {
    bed.applyTenant(UsageTestbed.tenantJson().replace("\"batchSize\": 2,", "\"batchSize\": 5000,"));
    // Parked ids are "logins:{key}": the late user's 1,000 rows sort after the other 5,000.
    for (int from = 100_001; from <= 105_000; from += 1_000) {
      bed.logins(from, from + 999, "nobody@acme.example");
    }
    bed.logins(105_001, 106_000, "late@acme.example");
    JsonNode parked = pull("logins");
    assertThat(parked.get("rowsParked").asLong()).as(parked.toString()).isEqualTo(6_000);
    bed.importRecords(dev.bqsync.core.config.CrmModel.EndUser, List.of(Map.of("email", "late@acme.example")));

    long recovered = 0;
    JsonNode last = null;
    for (int run = 0; run < 2; run++) {
      last = pull("logins");
      // the table is unchanged, so no query: parked rows are retried all the same
      assertThat(last.get("status").asText()).as(last.toString()).isEqualTo("SKIPPED_UNCHANGED");
      recovered += last.get("parkedRecovered").asLong();
    }

    assertThat(recovered).as("within two runs of 5,000 each, every parked row was looked at").isEqualTo(1_000);
    assertThat(last.get("rowsStillParked").asLong()).isEqualTo(5_000);
    assertThat(bed.documents("userActivities")).hasSize(1_000)
        .allSatisfy(d -> assertThat(Long.parseLong(d.getId().substring("logins:".length()))).isGreaterThan(105_000));
  }

  @Test
  void aSectionThatIsNotDueSaysWhenItIsNextDueInTheFuture() throws Exception {
    java.time.Instant before = java.time.Instant.now();
    server.post("{\"tenantId\": \"acme\"}");
    FunctionServer.Answer again = server.post("{\"tenantId\": \"acme\"}");
    JsonNode daily = again.section("api-calls");
    assertThat(daily.get("status").asText()).isEqualTo("SKIPPED_NOT_DUE");
    String message = daily.get("message").asText();
    java.time.Instant next = java.time.Instant.parse(message.replaceAll("^not due: next due at (\\S+) .*$", "$1"));
    assertThat(next).isAfter(before).isBeforeOrEqualTo(before.plus(java.time.Duration.ofHours(24)));
    assertThat(message).contains("06:30").contains("Europe/Berlin");
  }
}
