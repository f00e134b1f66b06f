package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.log.TraceContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudLoggingJsonLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final SecretRedactor redactor = new SecretRedactor();
  private final CloudLoggingJsonLog log = new CloudLoggingJsonLog(new PrintStream(bytes, true, StandardCharsets.UTF_8),
      Clock.fixed(Instant.parse("2026-11-23T10:15:30Z"), ZoneOffset.UTC), redactor);

  private List<JsonNode> lines() throws Exception {
    String out = bytes.toString(StandardCharsets.UTF_8);
    List<JsonNode> nodes = new java.util.ArrayList<>();
    for (String line : out.split("\n")) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void oneJsonLinePerEventInCloudLoggingsStructuredFormat() throws Exception {
    TraceContext trace = TraceContext.from("crm-prod-1", null, "105445aa7843bc8bf206b12000100000/1;o=1").orElseThrow();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("rowsRead", 120);
    fields.put("status", "OK");
    log.emit(new LogEvent(Severity.INFO, "usage pull finished", new LogLabels("acme", "usage", "logins", "r-1"),
        trace, fields));
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
    assertThat(first.get("rowsRead").asInt()).isEqualTo(120);
    assertThat(lines.get(1).has("logging.googleapis.com/labels")).isFalse();
  }

  @Test
  void secretsNeverReachTheLine() throws Exception {
    String refreshToken = "1//0gLmNoPqRsTuVwXyZ-abcdefghijklmnop";
    String accessToken = "ya29.a0AfH6SMBx-secret-access-token";
    String clientSecret = "GOCSPX-1a2b3c4d5e6f7g8h9i0j";
    String registered = "tenant-specific-secret-value";
    redactor.register(registered);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("refreshToken", refreshToken);
    fields.put("request", Map.of("url", "https://example.test/callback?code=4/0AX4XfWh-the-code&state=abc",
        "auth", "Bearer " + accessToken));
    fields.put("notes", List.of("client secret " + clientSecret, "and " + registered));

    log.emit(new LogEvent(Severity.ERROR, "token exchange failed for " + accessToken + " with " + clientSecret,
        new LogLabels("acme", "oauth", null, null), null, fields));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain(refreshToken, accessToken, clientSecret, registered, "4/0AX4XfWh-the-code")
        .contains(SecretRedactor.MASK).contains("state=abc");
  }

  @Test
  void aW3cTraceparentWinsOverTheCloudHeader() {
    assertThat(TraceContext.from("p", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "abc/1"))
        .contains(new TraceContext("projects/p/traces/4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
    assertThat(TraceContext.from(null, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null)).isEmpty();
    assertThat(TraceContext.from("p", "garbage", "not-a-trace")).isEmpty();
  }
}
