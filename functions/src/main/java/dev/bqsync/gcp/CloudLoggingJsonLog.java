package dev.bqsync.gcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.port.EventLog;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * One JSON line per event on stdout, in the structured format Cloud Logging's agent parses on Cloud
 * Functions: {@code severity}, {@code message}, {@code time}, {@code logging.googleapis.com/labels}
 * (tenant, job, section, run), {@code logging.googleapis.com/trace} and {@code spanId}. Writing
 * stdout needs no client and no network, and the line can be tested as it is.
 */
public final class CloudLoggingJsonLog implements EventLog {
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final PrintStream out;
  private final Clock clock;
  private final SecretRedactor redactor;

  public CloudLoggingJsonLog(PrintStream out, Clock clock, SecretRedactor redactor) {
    this.out = out;
    this.clock = clock;
    this.redactor = redactor;
  }

  @Override
  public void emit(LogEvent event) {
    ObjectNode line = JSON.createObjectNode();
    line.put("severity", event.severity().name());
    line.put("message", redactor.redact(event.message()));
    line.put("time", clock.instant().toString());
    Map<String, String> labels = event.labels().asMap();
    if (!labels.isEmpty()) {
      ObjectNode labelNode = line.putObject("logging.googleapis.com/labels");
      labels.forEach((k, v) -> labelNode.put(k, redactor.redact(v)));
    }
    if (event.trace() != null) {
      line.put("logging.googleapis.com/trace", event.trace().trace());
      if (event.trace().spanId() != null) {
        line.put("logging.googleapis.com/spanId", event.trace().spanId());
      }
    }
    event.fields().forEach((key, value) -> {
      if (!line.has(key)) {
        line.set(key, JSON.valueToTree(redactor.redactValue(key, value)));
      }
    });
    String text;
    try {
      text = JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      text = "{\"severity\":\"ERROR\",\"message\":\"log event could not be serialised\"}";
    }
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }
}
