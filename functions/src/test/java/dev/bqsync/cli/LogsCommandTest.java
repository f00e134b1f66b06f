package dev.bqsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.LogQuery;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.core.log.Severity;
import dev.bqsync.gcp.CloudLoggingEntrySource;
import dev.bqsync.gcp.CloudLoggingJsonLog;
import dev.bqsync.port.LogEntrySource;
import dev.bqsync.testing.FakeCloudLogging;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `bqsync logs` end to end: lines written by the functions' log, ingested by a LoggingServiceV2
 * fake on loopback, read back through the GAPIC client and printed for people.
 */
class LogsCommandTest {
  private static final String PROJECT = "crm-prod-1";
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static FakeCloudLogging logging;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final StringWriter err = new StringWriter();
  private LogEntrySource source;

  @BeforeAll
  static void start() throws Exception {
    logging = new FakeCloudLogging(PROJECT);
  }

  @AfterAll
  static void stop() {
    logging.close();
  }

  @BeforeEach
  void setUp() {
    logging.clear();
    source = new CloudLoggingEntrySource(PROJECT, logging.hostPort(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private int logs(String... args) {
    return logs(source, args);
  }

  private int logs(LogEntrySource from, String... args) {
    CommandLine command = new CommandLine(new LogsCommand(from, new PrintStream(out, true, StandardCharsets.UTF_8)));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  private List<String> printed() {
    String text = out.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private void write(int minutesAgo, LogEvent event) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    new CloudLoggingJsonLog(new PrintStream(line, true, StandardCharsets.UTF_8),
        Clock.fixed(NOW.minus(Duration.ofMinutes(minutesAgo)), ZoneOffset.UTC), new SecretRedactor()).emit(event);
    logging.ingest(line.toString(StandardCharsets.UTF_8).strip());
  }

  private void someRuns() {
    LogLabels logins = new LogLabels("acme", "usage", "logins", "20261123-110000-0000aaaa");
    write(60, LogEvent.of(Severity.INFO, "usage pull logins: OK", logins));
    write(45, LogEvent.of(Severity.WARNING, "crm sync deals: 2 conflicts",
        new LogLabels("acme", "crm", "deals", "20261123-111500-0000bbbb")));
    write(40, LogEvent.of(Severity.ERROR, "usage pull logins: FAILED", new LogLabels("globex", "usage", "logins", "r")));
    write(30, LogEvent.error("usage pull seats failed", new LogLabels("acme", "usage", "seats", "20261123-113000-0000cccc"),
        new NullPointerException()));
    write(10, LogEvent.of(Severity.NOTICE, "usage pull logins: ALREADY_RUNNING", logins));
  }

  @Test
  void printsTheTenantsEntriesNewestFirstOneReadableLineEach() {
    someRuns();

    assertThat(logs("--tenant", "acme")).isZero();

    assertThat(printed()).containsExactly(
        "2026-11-23T11:50:00Z  NOTICE    acme/usage/logins/20261123-110000-0000aaaa  usage pull logins: ALREADY_RUNNING",
        "2026-11-23T11:30:00Z  ERROR     acme/usage/seats/20261123-113000-0000cccc  usage pull seats failed: java.lang.NullPointerException",
        "2026-11-23T11:15:00Z  WARNING   acme/crm/deals/20261123-111500-0000bbbb  crm sync deals: 2 conflicts",
        "2026-11-23T11:00:00Z  INFO      acme/usage/logins/20261123-110000-0000aaaa  usage pull logins: OK");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void filtersByJobSectionRunSeverityAndTime() {
    someRuns();

    assertThat(logs("--tenant", "acme", "--job", "usage", "--section", "logins")).isZero();
    assertThat(printed()).hasSize(2).allSatisfy(line -> assertThat(line).contains("acme/usage/logins/"));

    out.reset();
    assertThat(logs("--tenant", "acme", "--severity", "warning")).isZero();
    assertThat(printed()).extracting(line -> line.substring(22, 30).strip()).containsExactly("ERROR", "WARNING");

    out.reset();
    assertThat(logs("--tenant", "acme", "--since", "35m")).isZero();
    assertThat(printed()).hasSize(2);

    out.reset();
    assertThat(logs("--tenant", "acme", "--run", "20261123-111500-0000bbbb", "--since", "PT2H")).isZero();
    assertThat(printed()).singleElement().satisfies(line -> assertThat(line).endsWith("crm sync deals: 2 conflicts"));

    out.reset();
    assertThat(logs("--tenant", "acme", "--limit", "1")).isZero();
    assertThat(printed()).singleElement().satisfies(line -> assertThat(line).contains("ALREADY_RUNNING"));
  }

  @Test
  void saysSoWhenNothingMatches() {
    assertThat(logs("--tenant", "initech", "--since", "2h")).isZero();

    assertThat(printed()).containsExactly("no log entries for tenant initech in the last 2h");
  }

  @Test
  void invalidInputExitsTwoAndSaysWhatToChange() {
    assertThat(logs()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--tenant=T'").contains("Usage: logs");

    for (String[] args : List.of(
        new String[] {"--tenant", "Acme Corp"},
        new String[] {"--tenant", "acme", "--job", "nightly"},
        new String[] {"--tenant", "acme", "--section", "a\" OR \"b"},
        new String[] {"--tenant", "acme", "--since", "1 week"},
        new String[] {"--tenant", "acme", "--severity", "LOUD"},
        new String[] {"--tenant", "acme", "--limit", "0"},
        new String[] {"--tenant", "acme", "--limit", "many"})) {
      err.getBuffer().setLength(0);
      assertThat(logs(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString()).as(String.join(" ", args)).containsAnyOf("use ", "Invalid value");
    }
    assertThat(logging.requests()).isEmpty();
    assertThat(printed()).isEmpty();
  }

  @Test
  void aFailureToReadExitsOneWithTheReason() {
    logging.failWith(Status.PERMISSION_DENIED.withDescription("logging.logEntries.list denied"));

    assertThat(logs("--tenant", "acme")).isEqualTo(1);

    assertThat(err.toString()).startsWith("bqsync logs: cannot read the logs of project crm-prod-1")
        .contains("roles/logging.viewer");
  }

  @Test
  void theQueryTheSourceGetsIsTheOneTheOptionsSay() {
    List<LogQuery> asked = new ArrayList<>();
    LogEntrySource recording = query -> {
      asked.add(query);
      return List.of();
    };

    assertThat(logs(recording, "--tenant", "acme", "--job", "crm", "--section", "deals", "--run", "20261123-101530-3f9a1c2e",
        "--since", "2d", "--severity", "ERROR", "--limit", "7")).isZero();
    assertThat(logs(recording, "--tenant", "acme")).isZero();

    assertThat(asked).containsExactly(
        new LogQuery("acme", "crm", "deals", "20261123-101530-3f9a1c2e", Duration.ofDays(2), Severity.ERROR, 7),
        new LogQuery("acme", null, null, null, Duration.ofDays(1), null, 50));
  }

  @Test
  void helpListsTheOptions() {
    CommandLine command = new CommandLine(new LogsCommand(source, new PrintStream(out, true, StandardCharsets.UTF_8)));
    StringWriter help = new StringWriter();
    command.setOut(new PrintWriter(help, true));

    assertThat(command.execute("--help")).isZero();
    assertThat(help.toString()).contains("--tenant=T", "--job=J", "--section=S", "--run=R", "--since=AGE",
        "--severity=LEVEL", "--limit=N", "bqsync logs --tenant acme");
  }
}
