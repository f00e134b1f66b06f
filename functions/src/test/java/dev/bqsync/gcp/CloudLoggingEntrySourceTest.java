package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.LogEntry;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.LogQuery;
import dev.bqsync.core.log.LoggedEntry;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.core.log.Severity;
import dev.bqsync.testing.FakeCloudLogging;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter on the real GAPIC LoggingClient, against a LoggingServiceV2 fake on loopback. */
class CloudLoggingEntrySourceTest {
  private static final String PROJECT = "crm-prod-1";
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static FakeCloudLogging logging;

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private CloudLoggingEntrySource source;

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
    source = new CloudLoggingEntrySource(PROJECT, logging.hostPort(), clock);
  }

  /** Writes a line as the functions do and lets the fake ingest it, `minutesAgo` before NOW. */
  private void write(int minutesAgo, Severity severity, String message, LogLabels labels) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    Clock then = Clock.fixed(NOW.minus(Duration.ofMinutes(minutesAgo)), ZoneOffset.UTC);
    new CloudLoggingJsonLog(new PrintStream(line, true, StandardCharsets.UTF_8), then, new SecretRedactor())
        .emit(LogEvent.of(severity, message, labels));
    logging.ingest(line.toString(StandardCharsets.UTF_8).strip());
  }

  private static LogLabels labels(String tenant, String job, String section) {
    return new LogLabels(tenant, job, section, "run-" + job);
  }

  @Test
  void listsTheTenantsEntriesNewestFirstWithTheFilterAndTheProject() {
    write(50, Severity.INFO, "usage pull logins: OK", labels("acme", "usage", "logins"));
    write(40, Severity.WARNING, "crm sync deals: 2 conflicts", labels("acme", "crm", "deals"));
    write(30, Severity.INFO, "other tenant", labels("globex", "usage", "logins"));
    write(20, Severity.ERROR, "usage pull seats: FAILED", labels("acme", "usage", "seats"));

    List<LoggedEntry> entries = source.newestFirst(LogQuery.forTenant("acme"));

    assertThat(entries).extracting(LoggedEntry::message)
        .containsExactly("usage pull seats: FAILED", "crm sync deals: 2 conflicts", "usage pull logins: OK");
    LoggedEntry newest = entries.get(0);
    assertThat(newest.time()).isEqualTo(NOW.minus(Duration.ofMinutes(20)));
    assertThat(newest.severity()).isEqualTo("ERROR");
    assertThat(newest.labels()).isEqualTo(Map.of("tenant", "acme", "job", "usage", "section", "seats", "run", "run-usage"));
    ListLogEntriesRequest request = logging.requests().get(0);
    assertThat(request.getResourceNamesList()).containsExactly("projects/" + PROJECT);
    assertThat(request.getOrderBy()).isEqualTo("timestamp desc");
    assertThat(request.getFilter()).isEqualTo("labels.tenant=\"acme\" AND timestamp>=\"2026-11-22T12:00:00Z\"");
  }

  @Test
  void narrowsToJobSectionSeverityAndTime() {
    write(200, Severity.ERROR, "too old", labels("acme", "usage", "logins"));
    write(50, Severity.INFO, "not severe enough", labels("acme", "usage", "logins"));
    write(40, Severity.WARNING, "wanted", labels("acme", "usage", "logins"));
    write(30, Severity.ERROR, "other section", labels("acme", "usage", "seats"));
    write(20, Severity.ERROR, "other job", labels("acme", "crm", "logins"));

    List<LoggedEntry> entries = source.newestFirst(
        new LogQuery("acme", "usage", "logins", null, Duration.ofHours(2), Severity.WARNING, 50));

    assertThat(entries).extracting(LoggedEntry::message).containsExactly("wanted");
  }

  @Test
  void readsPagesUntilTheLimitAndNoFurther() {
    for (int i = 1; i <= 9; i++) {
      write(i, Severity.INFO, "line " + i, labels("acme", "usage", "logins"));
    }
    logging.capPagesAt(2);

    List<LoggedEntry> entries = source.newestFirst(
        new LogQuery("acme", null, null, null, Duration.ofHours(1), null, 5));

    assertThat(entries).extracting(LoggedEntry::message).containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
    assertThat(logging.requests()).hasSize(3);
    assertThat(logging.requests()).extracting(ListLogEntriesRequest::getPageToken).containsExactly("", "2", "4");
  }

  @Test
  void aValueThatLooksLikeFilterSyntaxIsOnlyEverALiteral() {
    write(10, Severity.INFO, "acme's line", labels("acme", "usage", "logins"));
    write(10, Severity.INFO, "globex's line", labels("globex", "usage", "logins"));

    // Bypasses the command's checks on purpose: the filter alone must keep the tenant's boundary.
    List<LoggedEntry> entries = source.newestFirst(
        new LogQuery("acme", null, "logins\" OR labels.tenant=\"globex", null, Duration.ofHours(1), null, 50));

    assertThat(entries).isEmpty();
  }

  @Test
  void entriesOtherWritersMadeStillRead() {
    logging.add(LogEntry.newBuilder().setTextPayload("a platform line").putLabels("tenant", "acme")
        .setTimestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(NOW.getEpochSecond() - 60)).build());

    assertThat(source.newestFirst(LogQuery.forTenant("acme"))).singleElement()
        .satisfies(e -> assertThat(e.message()).isEqualTo("a platform line"))
        .satisfies(e -> assertThat(e.severity()).isEqualTo("DEFAULT"));
  }

  @Test
  void aRefusalSaysWhatIsMissing() {
    logging.failWith(Status.PERMISSION_DENIED.withDescription("logging.logEntries.list denied"));

    assertThatThrownBy(() -> source.newestFirst(LogQuery.forTenant("acme")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read the logs of project crm-prod-1")
        .hasMessageContaining("roles/logging.viewer");
    assertThatThrownBy(() -> new CloudLoggingEntrySource(" ", logging.hostPort(), clock)
        .newestFirst(LogQuery.forTenant("acme"))).hasMessageContaining("set GOOGLE_CLOUD_PROJECT");
  }
}
