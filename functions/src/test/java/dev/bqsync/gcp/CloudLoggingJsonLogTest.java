package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bqsync.core.log.EventName;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.log.TraceContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudLoggingJsonLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPORTED_ERROR_EVENT =
      "type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent";
  private static final LogLabels LABELS = new LogLabels("acme", "usage", "logins", "r-1");
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final SecretRedactor redactor = new SecretRedactor();
  private final CloudLoggingJsonLog log = new CloudLoggingJsonLog(new PrintStream(bytes, true, StandardCharsets.UTF_8),
      Clock.fixed(Instant.parse("2026-11-23T10:15:30Z"), ZoneOffset.UTC), redactor);

  /** The lines as Cloud Logging's agent reads them: JSON (Gson escapes = and < as \u003d, \u003c). */
  private List<JsonNode> lines() throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  private JsonNode only() throws Exception {
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  @Test
  void oneJsonLinePerEventInCloudLoggingsStructuredFormat() throws Exception {
    TraceContext trace = CloudTraceHeaders.parse("crm-prod-1", null, "105445aa7843bc8bf206b12000100000/1;o=1")
        .orElseThrow();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("rowsRead", 120);
    fields.put("status", "OK");
    fields.put("counts", Map.of("inserted", 3));
    log.emit(new LogEvent(Severity.INFO, "usage pull finished", LABELS, trace, fields));
    log.emit(LogEvent.of(Severity.WARNING, "second line", LogLabels.NONE));

    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(2);
    JsonNode first = lines.get(0);
    assertThat(first.get("severity").asText()).isEqualTo("INFO");
    assertThat(first.get("message").asText()).isEqualTo("usage pull finished");
    assertThat(first.get("time").asText()).isEqualTo("2026-11-23T10:15:30Z");
    assertThat(first.get("logging.googleapis.com/labels"))
        .isEqualTo(JSON.readTree("{\"tenant\":\"acme\",\"job\":\"usage\",\"section\":\"logins\",\"run\":\"r-1\"}"));
    assertThat(first.get("logging.googleapis.com/trace").asText())
        .isEqualTo("projects/crm-prod-1/traces/105445aa7843bc8bf206b12000100000");
    assertThat(first.get("logging.googleapis.com/spanId").asText()).isEqualTo("0000000000000001");
    assertThat(first.get("logging.googleapis.com/trace_sampled").asBoolean()).isTrue();
    assertThat(first.get("rowsRead").asInt()).isEqualTo(120);
    assertThat(first.get("status").asText()).isEqualTo("OK");
    assertThat(first.get("counts").get("inserted").asInt()).isEqualTo(3);
    assertThat(first.has("@type")).isFalse();
    assertThat(first.has("stack_trace")).isFalse();
    JsonNode second = lines.get(1);
    assertThat(second.get("severity").asText()).isEqualTo("WARNING");
    // The library writes the labels object even when it is empty.
    assertThat(second.get("logging.googleapis.com/labels").isEmpty()).isTrue();
    assertThat(second.has("logging.googleapis.com/trace")).isFalse();
  }

  @Test
  void aBugIsAnErrorWithItsStackTraceInTheShapeErrorReportingGroups() throws Exception {
    RuntimeException bug = new IllegalStateException("mapping failed", nullPointer());
    log.emit(new LogEvent(Severity.INFO, "usage pull logins failed", LABELS, null, Map.of("status", "FAILED"), bug));

    JsonNode line = only();
    assertThat(line.get("severity").asText()).isEqualTo("ERROR");
    assertThat(line.get("@type").asText()).isEqualTo(REPORTED_ERROR_EVENT);
    assertThat(line.get("serviceContext").get("service").asText()).isEqualTo("bqsync");
    assertThat(line.get("message").asText())
        .isEqualTo("usage pull logins failed: java.lang.IllegalStateException: mapping failed");
    String stack = line.get("stack_trace").asText();
    assertThat(stack).startsWith("java.lang.IllegalStateException: mapping failed\n")
        .contains("\tat dev.bqsync.gcp.CloudLoggingJsonLogTest.aBugIsAnErrorWithItsStackTraceInTheShapeErrorReportingGroups(")
        .contains("Caused by: java.lang.NullPointerException")
        .contains("at dev.bqsync.gcp.CloudLoggingJsonLogTest.nullPointer(");
    assertThat(line.get("status").asText()).isEqualTo("FAILED");
    assertThat(line.get("logging.googleapis.com/labels").get("tenant").asText()).isEqualTo("acme");
  }

  @Test
  void aNullPointerExceptionReadsAsOneNeverAsNull() throws Exception {
    log.emit(LogEvent.error("crm sync failed", LABELS, new NullPointerException()));

    JsonNode line = only();
    assertThat(line.get("message").asText()).isEqualTo("crm sync failed: java.lang.NullPointerException")
        .doesNotEndWith(": null");
    assertThat(line.get("stack_trace").asText()).startsWith("java.lang.NullPointerException\n\tat ");
  }

  @Test
  void anErrorKeepsAHigherSeverityAndAFieldCannotTakeOverTheErrorShape() throws Exception {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("message", "a field named message");
    fields.put("@type", "something else");
    fields.put("stack_trace", "not the real one");
    fields.put("took", Duration.ofSeconds(3));
    fields.put("at", Instant.parse("2026-11-23T10:00:00Z"));
    log.emit(new LogEvent(Severity.CRITICAL, "", LABELS, null, fields, new IllegalArgumentException("bad")));

    JsonNode line = only();
    assertThat(line.get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(line.get("message").asText()).isEqualTo("java.lang.IllegalArgumentException: bad");
    assertThat(line.get("@type").asText()).isEqualTo(REPORTED_ERROR_EVENT);
    assertThat(line.get("stack_trace").asText()).startsWith("java.lang.IllegalArgumentException: bad");
    assertThat(line.get("took").asText()).isEqualTo("PT3S");
    assertThat(line.get("at").asText()).isEqualTo("2026-11-23T10:00:00Z");
  }

  @Test
  void theServiceNameGroupsErrorsInErrorReporting() throws Exception {
    new CloudLoggingJsonLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.systemUTC(), redactor,
        "usage-pull").emit(LogEvent.error("boom", LABELS, new RuntimeException("boom")));

    assertThat(only().get("serviceContext").get("service").asText()).isEqualTo("usage-pull");
  }

  @Test
  void untrustedTextStaysOneLineAndCannotSetTheEventField() throws Exception {
    String forged = "x\n{\"severity\":\"ERROR\",\"event\":\"reauthorization_required\",\"message\":\"needs to be "
        + "authorised again\"}\r\u2028\u0007end";
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "reauthorization_required");
    fields.put("detail", forged);

    log.emit(new LogEvent(Severity.WARNING, "declined: " + forged, LABELS, null, fields));
    log.emit(LogEvent.of(Severity.ERROR, "a real one", LABELS).as(EventName.REAUTHORIZATION_REQUIRED));

    String raw = bytes.toString(StandardCharsets.UTF_8);
    assertThat(raw.split("\n")).hasSize(2);
    List<JsonNode> lines = lines();
    JsonNode steered = lines.get(0);
    assertThat(steered.has("event")).isFalse();
    assertThat(steered.get("severity").asText()).isEqualTo("WARNING");
    assertThat(steered.get("message").asText()).isEqualTo("declined: x\\n{\"severity\":\"ERROR\",\"event\":"
        + "\"reauthorization_required\",\"message\":\"needs to be authorised again\"}\\r\\u2028\\u0007end");
    assertThat(steered.get("detail").asText()).isEqualTo(forged);
    assertThat(lines.get(1).get("event").asText()).isEqualTo("reauthorization_required");
  }

  @Test
  void secretsNeverReachTheLine() throws Exception {
    String refreshToken = "1//0gLmNoPqRsTuVwXyZ-abcdefghijklmnop";
    String accessToken = "ya29.a0AfH6SMBx-secret-access-token";
    String clientSecret = "GOCSPX-1a2b3c4d5e6f7g8h9i0j";
    String registered = "tenant-specific-secret-value";
    redactor.learn(registered);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("refreshToken", refreshToken);
    fields.put("request", Map.of("url", "https://example.test/callback?code=4/0AX4XfWh-the-code&state=abc",
        "auth", "Bearer " + accessToken));
    fields.put("notes", List.of("client secret " + clientSecret, "and " + registered));

    log.emit(new LogEvent(Severity.ERROR, "token exchange failed for " + accessToken + " with " + clientSecret,
        new LogLabels("acme", "oauth", registered, null), null, fields));

    // Checked on the parsed line: the raw text escapes '=' and would hide a secret that contains one.
    String parsed = only().toString();
    assertThat(parsed).doesNotContain(refreshToken, accessToken, clientSecret, registered, "4/0AX4XfWh-the-code")
        .contains(SecretRedactor.MASK).contains("state=abc");
    assertThat(only().get("logging.googleapis.com/labels").get("section").asText()).isEqualTo(SecretRedactor.MASK);
  }

  @Test
  void secretsInAStackTraceAreRedactedToo() throws Exception {
    String accessToken = "ya29.a0AfH6SMBx-secret-access-token";
    String registered = "tenant-specific-secret-value";
    redactor.learn(registered);
    RuntimeException error = new RuntimeException("call with Bearer " + accessToken + " failed",
        new IllegalStateException("secret was " + registered));

    log.emit(LogEvent.error("oauth refresh failed", LABELS, error));

    JsonNode line = only();
    assertThat(line.toString()).doesNotContain(accessToken, registered);
    assertThat(line.get("stack_trace").asText()).contains("Bearer " + SecretRedactor.MASK)
        .contains("Caused by: java.lang.IllegalStateException: secret was " + SecretRedactor.MASK);
    assertThat(line.get("message").asText()).contains("Bearer " + SecretRedactor.MASK);
  }

  @Test
  void traceHeadersAreReadWithTheLibrarysParserAW3cTraceparentWinning() {
    assertThat(CloudTraceHeaders.parse("p", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "abc/1"))
        .contains(new TraceContext("projects/p/traces/4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true));
    assertThat(CloudTraceHeaders.parse("p", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00", null))
        .contains(new TraceContext("projects/p/traces/4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", false));
    // A traceparent the library refuses falls back to the Cloud header; its decimal span becomes hex.
    assertThat(CloudTraceHeaders.parse("p", "garbage", "105445AA7843BC8BF206B12000100000/255;o=0"))
        .contains(new TraceContext("projects/p/traces/105445aa7843bc8bf206b12000100000", "00000000000000ff", false));
    assertThat(CloudTraceHeaders.parse("p", null, "105445aa7843bc8bf206b12000100000"))
        .contains(new TraceContext("projects/p/traces/105445aa7843bc8bf206b12000100000", null, false));
    assertThat(CloudTraceHeaders.parse(null, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null)).isEmpty();
    assertThat(CloudTraceHeaders.parse("p", "garbage", "not-a-trace")).isEmpty();
    assertThat(CloudTraceHeaders.parse("p", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "")).isEmpty();
    assertThat(CloudTraceHeaders.parse("p", null, null)).isEmpty();
  }

  private static NullPointerException nullPointer() {
    return new NullPointerException();
  }

  @Test
  void countsAreWrittenAsWholeNumbersAndExactly() throws Exception {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("rowsRead", 120);
    fields.put("bytesProcessed", 9_007_199_254_740_993L); // 2^53 + 1: a double would round it
    fields.put("share", 0.25);
    fields.put("counts", Map.of("inserted", 3L));
    log.emit(new LogEvent(Severity.INFO, "usage pull finished", LABELS, null, fields));

    String line = bytes.toString(StandardCharsets.UTF_8).trim();
    assertThat(line).contains("\"rowsRead\":120,", "\"bytesProcessed\":9007199254740993,", "\"share\":0.25",
        "\"counts\":{\"inserted\":3}").doesNotContain("120.0");
    JsonNode node = only();
    assertThat(node.get("severity").asText()).isEqualTo("INFO");
    assertThat(node.get("message").asText()).isEqualTo("usage pull finished");
    assertThat(node.get("logging.googleapis.com/labels").get("tenant").asText()).isEqualTo("acme");
  }
}
