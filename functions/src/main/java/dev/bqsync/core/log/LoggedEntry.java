package dev.bqsync.core.log;

import java.time.Instant;
import java.util.Map;

/**
 * A log entry as read back from Cloud Logging for people: when, how severe (Cloud Logging's name,
 * which has more levels than we write, such as DEFAULT or ALERT), its labels and its message.
 */
public record LoggedEntry(Instant time, String severity, Map<String, String> labels, String message) {
  public LoggedEntry {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    message = message == null ? "" : message;
    severity = severity == null ? "DEFAULT" : severity;
  }
}
