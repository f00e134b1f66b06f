package dev.bqsync.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.cloud.logging.LogEntry;
import com.google.cloud.logging.Payload.JsonPayload;
import dev.bqsync.core.log.ControlCharacters;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.core.log.Severity;
import dev.bqsync.port.EventLog;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One line per event on stdout, built as the logging library's {@link LogEntry} and written with
 * {@link LogEntry#toStructuredJsonString()} (the event's fields then written again from their own
 * values, so counts stay whole numbers): the structured JSON that Cloud Functions' logging agent
 * ingests ({@code severity}, {@code time}, {@code logging.googleapis.com/labels} with tenant, job,
 * section and run, {@code logging.googleapis.com/trace}, {@code spanId}, {@code trace_sampled},
 * then the JSON payload: {@code message} and the event's fields). Writing stdout needs no client and
 * no network, and the line can be tested as it is.
 *
 * <p>An event that carries an error is written at ERROR (or its own higher severity) in the shape
 * Error Reporting picks up from a JSON payload: {@code @type} ReportedErrorEvent, {@code
 * serviceContext.service}, and the whole stack trace text in {@code stack_trace}, which Error
 * Reporting reads before {@code message}. The message names the exception's class, so a
 * NullPointerException reads as one, never as "null".
 *
 * <p>The redactor stands in front of everything we did not make ourselves: the message, label
 * values, field values and the stack trace text.
 *
 * <p>Text from outside (a request, a warehouse, Google) cannot steer a line: the whole line is one
 * JSON object on one line, the message's control characters are escaped so it reads as one line
 * too, and {@code event}, the field alerts match, comes only from {@link LogEvent#event()}: an
 * event's fields cannot set it.
 */
public final class CloudLoggingJsonLog implements EventLog {
  static final String REPORTED_ERROR_EVENT =
      "type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent";
  /** The service errors are grouped under in Error Reporting when none is given. */
  public static final String DEFAULT_SERVICE = "bqsync";
  /** Payload keys of our own that an event's fields must not overwrite. */
  private static final Set<String> RESERVED = Set.of("message", "event", "@type", "serviceContext", "stack_trace");
  // Turns field values (records, enums, collections) into the maps, lists, numbers and texts a
  // JsonPayload can hold; also writes the line's fields again with whole numbers (see #line).
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final PrintStream out;
  private final Clock clock;
  private final SecretRedactor redactor;
  private final String service;

  public CloudLoggingJsonLog(PrintStream out, Clock clock, SecretRedactor redactor) {
    this(out, clock, redactor, DEFAULT_SERVICE);
  }

  /** {@code service} names the deployable in Error Reporting (the function's name, say). */
  public CloudLoggingJsonLog(PrintStream out, Clock clock, SecretRedactor redactor, String service) {
    this.out = out;
    this.clock = clock;
    this.redactor = redactor;
    this.service = service == null || service.isBlank() ? DEFAULT_SERVICE : service;
  }

  @Override
  public void emit(LogEvent event) {
    String text;
    try {
      text = line(event);
    } catch (RuntimeException e) {
      // A log call must never break the run it reports on; say that a line was lost, and why.
      text = "{\"severity\":\"ERROR\",\"message\":\"log event could not be serialised: "
          + e.getClass().getName() + "\"}";
    }
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }

  /**
   * The entry's structured JSON, with the event's fields as they are: a JsonPayload keeps every
   * number as a double ("rowsRead":120.0, and a long above 2^53 rounded), so each field the event
   * gave is written again from its own value, whole numbers as whole numbers.
   */
  String line(LogEvent event) {
    Map<String, Object> payload = payload(event);
    String structured = entry(event, payload).toStructuredJsonString();
    try {
      com.fasterxml.jackson.databind.node.ObjectNode line =
          (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(structured);
      payload.forEach((key, value) -> line.set(key, JSON.valueToTree(value)));
      return JSON.writeValueAsString(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return structured; // the library's line, numbers as doubles: still one valid entry
    }
  }

  /** The entry for {@code event}, redacted. */
  LogEntry entry(LogEvent event) {
    return entry(event, payload(event));
  }

  private LogEntry entry(LogEvent event, Map<String, Object> payload) {
    Map<String, String> labels = new LinkedHashMap<>();
    event.labels().asMap().forEach((key, value) -> labels.put(key,
        ControlCharacters.escape(redactor.redact(value))));

    LogEntry.Builder entry = LogEntry.newBuilder(JsonPayload.of(payload))
        .setSeverity(severity(event))
        .setTimestamp(clock.instant())
        .setLabels(labels);
    if (event.trace() != null) {
      entry.setTrace(event.trace().trace()).setTraceSampled(event.trace().sampled());
      if (event.trace().spanId() != null) {
        entry.setSpanId(event.trace().spanId());
      }
    }
    return entry.build();
  }

  /** The JSON payload: message, event, the error's fields, then the event's fields, redacted. */
  private Map<String, Object> payload(LogEvent event) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("message", ControlCharacters.escape(redactor.redact(message(event))));
    if (event.event() != null) {
      payload.put("event", event.event().wireName());
    }
    if (event.error() != null) {
      payload.put("@type", REPORTED_ERROR_EVENT);
      payload.put("serviceContext", Map.of("service", service));
      payload.put("stack_trace", redactor.redact(stackTrace(event.error())));
    }
    event.fields().forEach((key, value) -> {
      if (!RESERVED.contains(key)) {
        payload.put(key, redactor.redactValue(key, plain(value)));
      }
    });
    return payload;
  }

  // Both the core and the library name their enum Severity; the library's is spelled out here.
  private static com.google.cloud.logging.Severity severity(LogEvent event) {
    Severity severity = event.error() != null && event.severity().compareTo(Severity.ERROR) < 0
        ? Severity.ERROR : event.severity();
    return com.google.cloud.logging.Severity.valueOf(severity.name());
  }

  /** The event's message, and with an error its class and message (Throwable#toString never says "null"). */
  private static String message(LogEvent event) {
    String message = event.message() == null ? "" : event.message();
    if (event.error() == null) {
      return message;
    }
    return message.isBlank() ? event.error().toString() : message + ": " + event.error();
  }

  /** The text Java prints for a stack trace, causes included: the form Error Reporting parses. */
  private static String stackTrace(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  /** {@code value} as JSON-like Java values; whatever Jackson cannot map is written as its text. */
  private static Object plain(Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    try {
      return JSON.convertValue(value, Object.class);
    } catch (IllegalArgumentException notMappable) {
      return String.valueOf(value);
    }
  }
}
