package dev.bqsync.core.log;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trace a request belongs to, so Cloud Logging groups a run's lines under the request that
 * started it. Read from {@code traceparent} (W3C) or {@code X-Cloud-Trace-Context}.
 */
public record TraceContext(String trace, String spanId) {
  private static final Pattern CLOUD = Pattern.compile("([0-9a-fA-F]{32})(?:/([0-9]+))?(?:;o=[01])?");
  private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

  /** {@code trace} in the form Cloud Logging wants: projects/PROJECT/traces/TRACE_ID. */
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

  private static String traceName(String projectId, String traceId) {
    return "projects/" + projectId + "/traces/" + traceId;
  }
}
