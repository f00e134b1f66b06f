package dev.bqsync.core.log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One structured log line: severity, message, labels, optional trace, extra fields, the error of a
 * bug, and what it reports ({@link EventName}, the field alerts match; null for lines no alert needs).
 */
public record LogEvent(Severity severity, String message, LogLabels labels, TraceContext trace,
    Map<String, Object> fields, Throwable error, EventName event) {
  public LogEvent(Severity severity, String message, LogLabels labels, TraceContext trace, Map<String, Object> fields) {
    this(severity, message, labels, trace, fields, null, null);
  }

  public LogEvent(Severity severity, String message, LogLabels labels, TraceContext trace, Map<String, Object> fields,
      Throwable error) {
    this(severity, message, labels, trace, fields, error, null);
  }

  /** This line, reporting {@code name}. */
  public LogEvent as(EventName name) {
    return new LogEvent(severity, message, labels, trace, fields, error, name);
  }

  public LogEvent {
    labels = labels == null ? LogLabels.NONE : labels;
    fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
  }

  public static LogEvent of(Severity severity, String message, LogLabels labels) {
    return new LogEvent(severity, message, labels, null, Map.of());
  }

  /** A bug: written at ERROR with {@code error}'s stack trace, in the shape Error Reporting groups. */
  public static LogEvent error(String message, LogLabels labels, Throwable error) {
    return new LogEvent(Severity.ERROR, message, labels, null, Map.of(), error);
  }
}
