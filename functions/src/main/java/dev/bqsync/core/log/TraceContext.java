package dev.bqsync.core.log;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trace a request belongs to, so Cloud Logging groups a run's lines under the request that
 * started it: {@code trace} as projects/PROJECT/traces/TRACE_ID, the 16-hex {@code spanId} and
 * whether the trace was sampled. The core carries it as a plain value; the headers are parsed with
 * the logging library's trace context support in {@code gcp.CloudTraceHeaders}.
 */
public record TraceContext(String trace, String spanId, boolean sampled) {
  private static final Pattern CLOUD = Pattern.compile("([0-9a-fA-F]{32})(?:/([0-9]+))?(?:;o=[01])?");
  private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

  public TraceContext(String trace, String spanId) {
    this(trace, spanId, false);
  }

  /**
   * The trace of {@code traceparent} (W3C) or else {@code X-Cloud-Trace-Context}.
   *
   * @deprecated parse headers with {@code dev.bqsync.gcp.CloudTraceHeaders#parse}, which uses the
   *     logging library's parser; this copy stays until the functions call that one.
   */
  @Deprecated
  public static Optional<TraceContext> from(String projectId, String traceparent, String cloudTraceContext) {
    if (projectId == null || projectId.isBlank()) {
      return Optional.empty();
    }
    if (traceparent != null) {
      Matcher m = W3C.matcher(traceparent.trim());
      if (m.matches()) {
        return Optional.of(new TraceContext(traceName(projectId, m.group(1)), m.group(2)));
      }
    }
    if (cloudTraceContext != null) {
      Matcher m = CLOUD.matcher(cloudTraceContext.trim());
      if (m.matches()) {
        String span = m.group(2) == null ? null : String.format("%016x", Long.parseUnsignedLong(m.group(2)));
        return Optional.of(new TraceContext(traceName(projectId, m.group(1).toLowerCase()), span));
      }
    }
    return Optional.empty();
  }

  /** The resource name Cloud Logging links a line to its trace by. */
  public static String traceName(String projectId, String traceId) {
    return "projects/" + projectId + "/traces/" + traceId;
  }
}
