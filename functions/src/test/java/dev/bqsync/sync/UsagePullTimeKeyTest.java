package dev.bqsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.firestore.DocumentSnapshot;
import dev.bqsync.core.FailureKind;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.TickingClock;
import dev.bqsync.testing.UsageTestbed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Usage sections keyed by a TIMESTAMP or DATETIME (issue 12), on both emulators through the real
 * clients: rows sharing a time split across pages and runs are each written once, microseconds
 * stay distinct, a lookback duration re-reads {@code key >= cursor - span}, and every wrong set-up
 * fails saying what to change.
 */
public class UsagePullTimeKeyTest {
  private static final String TENANT = UsageTestbed.TENANT;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** 2026-11-23 10:15:30.123456 UTC, where the ties are. */
  private static final String T = "2026-11-23 10:15:30.123456";
  private UsageTestbed bed;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T11:00:00Z"));
  private UsagePullJob job;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    bed.sql("CREATE TABLE usage.stamped (event_at TIMESTAMP, seq INT64, user_email STRING, event_name STRING, "
        + "browser STRING, score FLOAT64)");
    bed.sql("CREATE TABLE usage.walled (event_wall DATETIME, ref STRING, user_email STRING, event_name STRING)");
    job = bed.job(clock);
  }

  /** The tenant with section "logins" read from usage.stamped by (event_at, seq), edited by {@code edit}. */
  public static String stampedTenant(Consumer<ObjectNode> edit) {
    try {
      ObjectNode tenant = (ObjectNode) JSON.readTree(UsageTestbed.tenantJson());
      ObjectNode logins = (ObjectNode) tenant.get("usageSections").get(0);
      logins.put("source", "acme-analytics.usage.stamped").put("keyColumn", "event_at").put("tieBreak", "seq")
          .put("batchSize", 3);
      ObjectNode mapping = logins.putObject("mapping");
      mapping.put("email", "user_email").put("date", "event_at").putObject("action").put("column", "event_name");
      mapping.putArray("info").add("browser").add("seq");
      edit.accept(logins);
      return JSON.writeValueAsString(tenant);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void stamped(Consumer<ObjectNode> edit) {
    bed.applyTenant(stampedTenant(edit));
  }

  private void walled(Consumer<ObjectNode> edit) {
    stamped(s -> {
      s.put("source", "acme-analytics.usage.walled").put("keyColumn", "event_wall").put("tieBreak", "ref")
          .put("batchSize", 2);
      ((ObjectNode) s.get("mapping")).put("date", "event_wall").putArray("info").add("ref");
      edit.accept(s);
    });
  }

  /** Rows at UTC time {@code at} with tie-breaks {@code seqs}. */
  public static String stampedRows(String at, long... seqs) {
    List<String> values = new ArrayList<>();
    for (long seq : seqs) {
      values.add("(TIMESTAMP '" + at + " UTC', " + seq + ", 'ada@acme.example', 'login', 'firefox', 1.5)");
    }
    return "INSERT INTO usage.stamped (event_at, seq, user_email, event_name, browser, score) VALUES "
        + String.join(", ", values);
  }

  private void insert(String at, long... seqs) {
    bed.sql(stampedRows(at, seqs));
  }

  private SectionOutcome pull() {
    return job.run(JobRequest.usage(TENANT, "logins", false), null).sections().stream()
        .filter(s -> s.sectionId().equals("logins")).findFirst().orElseThrow();
  }

  /** A change to the table that adds no row, so the next pull queries it again. */
  private void touch(String table) {
    bed.sql("UPDATE usage." + table + " SET user_email = user_email WHERE TRUE");
  }

  private List<String> ids() {
    return bed.documents("userActivities").stream().map(DocumentSnapshot::getId).toList();
  }

  private static long[] range(int from, int to) {
    return java.util.stream.LongStream.rangeClosed(from, to).toArray();
  }

  @Test
  void rowsSharingATimeAcrossPagesAreEachWrittenOnceAndMicrosecondsStayDistinct() {
    stamped(s -> { });
    insert(T, 5, 1, 7, 3, 2, 6, 4);
    insert("2026-11-23 10:15:30.123455", 9);
    insert("2026-11-23 10:15:30.123457", 0);

    SectionOutcome o = pull();

    assertThat(o.status()).as(o.message()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsRead()).isEqualTo(9);
    assertThat(o.rowsWritten()).isEqualTo(9);
    assertThat(o.cursorBefore()).isEqualTo("-");
    assertThat(o.cursorAfter()).isEqualTo("2026-11-23T10:15:30.123457Z#0");
    List<String> expected = new ArrayList<>(List.of("logins:2026-11-23T10:15:30.123455Z#9",
        "logins:2026-11-23T10:15:30.123457Z#0"));
    for (int seq = 1; seq <= 7; seq++) {
      expected.add("logins:2026-11-23T10:15:30.123456Z#" + seq);
    }
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(expected);
    DocumentSnapshot tied = bed.documents("userActivities").stream()
        .filter(d -> d.getId().equals("logins:2026-11-23T10:15:30.123456Z#4")).findFirst().orElseThrow();
    assertThat(tied.get("info.seq")).as("the tie-break may also be mapped").isEqualTo(4L);
    assertThat(tied.getString("email")).isEqualTo("ada@acme.example");

    touch("stamped");
    SectionOutcome again = pull();
    assertThat(again.status()).isEqualTo(RunStatus.OK);
    assertThat(again.rowsRead()).as("nothing after the cursor, no lookback").isZero();
    assertThat(again.cursorAfter()).isEqualTo(o.cursorAfter());
  }

  @Test
  void rowsSharingATimeAcrossRunsAreEachWrittenOnce() {
    stamped(s -> s.put("batchSize", 2));
    insert(T, range(1, 20));
    TickingClock ticking = new TickingClock(Instant.parse("2026-11-23T11:00:00Z"), Duration.ofSeconds(1));
    UsagePullJob budgeted = UsageTestbed.job(bed.ports(ticking),
        new JobRunner.Timing(Duration.ofSeconds(25), Duration.ofMinutes(1), Duration.ofDays(30)));

    SectionOutcome first = budgeted.run(JobRequest.usage(TENANT, "logins", false), null).sections().get(0);
    assertThat(first.status()).isEqualTo(RunStatus.PARTIAL);
    assertThat(first.cursorAfter()).as("the first run stopped inside the rows sharing one time")
        .startsWith("2026-11-23T10:15:30.123456Z#").isNotEqualTo("2026-11-23T10:15:30.123456Z#20");
    long written = first.rowsWritten();
    SectionOutcome last = first;
    for (int runs = 0; runs < 20 && last.status() != RunStatus.OK; runs++) {
      last = budgeted.run(JobRequest.usage(TENANT, "logins", false), null).sections().get(0);
      written += last.rowsWritten();
      assertThat(last.rowsAlreadyPresent()).as("a run resumes after (time, tie-break), re-reading nothing").isZero();
    }

    assertThat(last.status()).isEqualTo(RunStatus.OK);
    assertThat(last.cursorAfter()).isEqualTo("2026-11-23T10:15:30.123456Z#20");
    assertThat(written).as("every row written exactly once").isEqualTo(20);
    assertThat(ids()).hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  void aLookbackDurationRereadsRowsAtLeastThatFarBelowTheCursorAndPicksUpLateRows() {
    stamped(s -> s.put("lookback", "PT10M"));
    insert("2026-11-23 10:20:00.000000", 1);
    assertThat(pull().cursorAfter()).isEqualTo("2026-11-23T10:20:00.000000Z#1");
    // committed late, below the cursor: exactly 10 minutes below it, within, and 1 microsecond too far
    insert("2026-11-23 10:10:00.000000", 2);
    insert("2026-11-23 10:15:00.000000", 3);
    insert("2026-11-23 10:09:59.999999", 4);

    SectionOutcome o = pull();

    assertThat(o.status()).as(o.message()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsRead()).as("key >= cursor - PT10M: 10:10:00.000000 is in, 10:09:59.999999 is not").isEqualTo(3);
    assertThat(o.rowsWritten()).isEqualTo(2);
    assertThat(o.lateRowsRecovered()).isEqualTo(2);
    assertThat(o.rowsAlreadyPresent()).isEqualTo(1);
    assertThat(o.cursorAfter()).as("the cursor never moves back").isEqualTo("2026-11-23T10:20:00.000000Z#1");
    assertThat(ids()).contains("logins:2026-11-23T10:10:00.000000Z#2", "logins:2026-11-23T10:15:00.000000Z#3")
        .doesNotContain("logins:2026-11-23T10:09:59.999999Z#4");

    touch("stamped");
    SectionOutcome rerun = pull();
    assertThat(rerun.rowsRead()).isEqualTo(3);
    assertThat(rerun.rowsWritten()).as("a rerun with no new rows writes nothing").isZero();
    assertThat(rerun.rowsAlreadyPresent()).isEqualTo(3);
  }

  @Test
  void aLookbackReachingBelowYearOneReadsFromTheFirstKey() {
    stamped(s -> s.put("lookback", "P31D"));
    insert("0001-01-01 00:00:00.000000", 1);
    insert("0001-01-02 00:00:00.000000", 2);
    assertThat(pull().rowsWritten()).isEqualTo(2);
    insert("0001-01-01 00:00:00.000000", 3);

    SectionOutcome o = pull();

    assertThat(o.status()).as(o.message()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsWritten()).isEqualTo(1);
    assertThat(o.rowsAlreadyPresent()).isEqualTo(2);
    assertThat(ids()).contains("logins:0001-01-01T00:00:00.000000Z#3");
  }

  @Test
  void timesBeforeTheEpochResumeInsideTiesToo() {
    stamped(s -> { });
    insert("1969-12-31 23:59:59.999999", 4, 3, 2, 1);
    insert("1970-01-01 00:00:00.000000", 1);

    SectionOutcome o = pull();

    assertThat(o.status()).as(o.message()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsWritten()).as("pages of 3 resume after 1969-12-31T23:59:59.999999Z#3").isEqualTo(5);
    assertThat(o.cursorAfter()).isEqualTo("1970-01-01T00:00:00.000000Z#1");
    assertThat(ids()).contains("logins:1969-12-31T23:59:59.999999Z#4", "logins:1970-01-01T00:00:00.000000Z#1");
  }

  @Test
  void aDatetimeKeyIsUtcWallTimeWithAStringTieBreakInCodePointOrder() {
    walled(s -> s.put("lookback", "PT1S"));
    String row = "(DATETIME '%s', '%s', 'ada@acme.example', 'login')";
    bed.sql("INSERT INTO usage.walled VALUES " + String.join(", ", row.formatted(T, "b"), row.formatted(T, "é"),
        row.formatted(T, "B"), row.formatted(T, "a"), row.formatted("2026-11-23 10:15:30.123457", "a")));

    SectionOutcome o = pull();

    assertThat(o.status()).as(o.message()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsWritten()).isEqualTo(5);
    assertThat(o.cursorAfter()).isEqualTo("2026-11-23T10:15:30.123457~a");
    assertThat(ids()).containsExactlyInAnyOrder("logins:2026-11-23T10:15:30.123456~B",
        "logins:2026-11-23T10:15:30.123456~a", "logins:2026-11-23T10:15:30.123456~b",
        "logins:2026-11-23T10:15:30.123456~é", "logins:2026-11-23T10:15:30.123457~a");

    bed.sql("INSERT INTO usage.walled VALUES " + row.formatted("2026-11-23 10:15:29.123457", "late") + ", "
        + row.formatted("2026-11-23 10:15:29.123456", "too late"));
    SectionOutcome late = pull();
    assertThat(late.rowsWritten()).as("a DATETIME exactly PT1S below the cursor is re-read, one more microsecond is not")
        .isEqualTo(1);
    assertThat(late.rowsAlreadyPresent()).isEqualTo(5);
    assertThat(ids()).contains("logins:2026-11-23T10:15:29.123457~late")
        .doesNotContain("logins:2026-11-23T10:15:29.123456~too late");
  }

  @Test
  void aRowWithoutTieBreakIsRejectedOnEveryRunAndTheOthersAreWritten() {
    stamped(s -> { });
    insert(T, 1, 2);
    bed.sql("INSERT INTO usage.stamped (event_at, seq, user_email, event_name) VALUES "
        + "(TIMESTAMP '" + T + " UTC', NULL, 'ada@acme.example', 'login'), (NULL, 3, 'ada@acme.example', 'login')");

    SectionOutcome o = pull();
    assertThat(o.status()).as(o.message()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsWritten()).isEqualTo(2);
    assertThat(o.rejected()).containsExactlyEntriesOf(Map.of("NULL_KEY", 2L));
    assertThat(o.samples()).anySatisfy(s -> assertThat(s.detail()).contains("tie-break seq is null"));

    insert("2026-11-23 10:16:00", 4);
    SectionOutcome again = pull();
    assertThat(again.rejected()).as("reported until fixed").containsExactlyEntriesOf(Map.of("NULL_KEY", 2L));
    assertThat(again.rowsWritten()).isEqualTo(1);
    assertThat(ids()).hasSize(3);
  }

  @Test
  void aRepeatedTimeAndTieBreakIsADuplicateAndATieBreakThatCannotBeInAnIdIsRejected() {
    walled(s -> { });
    String row = "(DATETIME '%s', '%s', 'ada@acme.example', 'login')";
    bed.sql("INSERT INTO usage.walled VALUES " + String.join(", ", row.formatted(T, "a"), row.formatted(T, "a"),
        row.formatted(T, "a/b"), row.formatted(T, "b")));

    SectionOutcome o = pull();

    assertThat(o.status()).as(o.message()).isEqualTo(RunStatus.OK);
    assertThat(o.rejected()).containsExactlyInAnyOrderEntriesOf(Map.of("DUPLICATE_KEY", 1L, "KEY_NOT_AN_ID", 1L));
    assertThat(o.samples()).anySatisfy(s -> assertThat(s.detail()).contains("tie-break ref 'a/b' holds '/'"));
    assertThat(ids()).containsExactlyInAnyOrder("logins:2026-11-23T10:15:30.123456~a",
        "logins:2026-11-23T10:15:30.123456~b");
    assertThat(o.cursorAfter()).isEqualTo("2026-11-23T10:15:30.123456~b");
  }

  private String failure(Consumer<ObjectNode> edit) {
    stamped(edit);
    insert(T, 1);
    SectionOutcome o = pull();
    assertThat(o.status()).isEqualTo(RunStatus.FAILED);
    assertThat(o.failure()).isEqualTo(FailureKind.NEEDS_PERSON);
    return o.message();
  }

  @Test
  void aTimeKeyWithoutATieBreakSaysToSetOne() {
    assertThat(failure(s -> s.remove("tieBreak"))).contains("key column 'event_at' is TIMESTAMP")
        .contains("set tieBreak to a column that tells them apart (INT64 or STRING")
        .contains("give lookback as a duration such as \"PT10M\"");
  }

  @Test
  void aCountLookbackOnATimeKeyWithoutATieBreakSaysToSetOneAndGiveADuration() {
    assertThat(failure(s -> s.put("lookback", 100).remove("tieBreak"))).contains("set tieBreak")
        .contains("give lookback as a duration");
  }

  @Test
  void aTieBreakThatIsMissingOrOfTheWrongTypeSaysWhatItMustBe() {
    assertThat(failure(s -> s.put("tieBreak", "nope"))).contains("tieBreak column 'nope' does not exist")
        .contains("INT64 or STRING");
    assertThat(failure(s -> s.put("tieBreak", "score"))).contains("tieBreak column 'score' is FLOAT64")
        .contains("a tie-break must be INT64 or STRING");
  }

  @Test
  void aTieBreakWithANumberKeySaysToRemoveIt() {
    assertThat(failure(s -> s.put("keyColumn", "seq").put("tieBreak", "browser").put("lookback", "PT10M")))
        .contains("tieBreak 'browser' is set but key column 'seq' is INT64")
        .contains("remove tieBreak (and give lookback as a number of keys)");
  }

  @Test
  void aCursorOfANumberKeyDoesNotFitATimeKeyAndSaysToReset() {
    stamped(s -> s.put("keyColumn", "seq").remove("tieBreak"));
    insert(T, 1, 2);
    assertThat(pull().cursorAfter()).isEqualTo("2");
    stamped(s -> { });
    touch("stamped");

    SectionOutcome o = pull();

    assertThat(o.status()).isEqualTo(RunStatus.FAILED);
    assertThat(o.failure()).isEqualTo(FailureKind.NEEDS_PERSON);
    assertThat(o.message()).contains("the cursor is at 2, which does not fit key column 'event_at' (TIMESTAMP")
        .contains("bqsync cursor reset --recreated --tenant acme --section logins");
  }

  @Test
  void theHighestTimeKeyTellsATableThatWentBackwards() {
    stamped(s -> { });
    insert(T, 1, 2);
    pull();
    bed.sql("DELETE FROM usage.stamped WHERE TRUE");
    insert("2026-11-22 08:00:00", 1);

    SectionOutcome o = pull();

    assertThat(o.rowsRead()).isZero();
    assertThat(o.warnings()).singleElement().asString().contains("probably recreated")
        .contains("bqsync cursor reset --recreated --tenant acme --section logins");
  }
}
