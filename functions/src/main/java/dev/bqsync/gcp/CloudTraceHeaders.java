package dev.bqsync.gcp;

import com.google.cloud.logging.Context;
import dev.bqsync.core.log.TraceContext;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the request's trace from {@code traceparent} (W3C, preferred) or {@code
 * X-Cloud-Trace-Context} with the logging library's own parser ({@link Context.Builder}), so our
 * lines join the request's trace the way the library's log handlers would. The library is lenient
 * where Cloud Logging is not, so this adds what it leaves out: the Cloud header's trace id must be
 * 32 hex digits, and its span id, which that header carries in decimal, is turned into the 16 hex
 * digits the {@code spanId} field wants (the library copies the decimal as it is).
 */
public final class CloudTraceHeaders {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}");

  private CloudTraceHeaders() {}

  /** The trace, or empty when there is no project to name it in or neither header is usable. */
  public static Optional<TraceContext> parse(String projectId, String traceparent, String cloudTraceContext) {
    if (projectId == null || projectId.isBlank()) {
      return Optional.empty();
    }
    return w3c(projectId, traceparent).or(() -> cloud(projectId, cloudTraceContext));
  }

  private static Optional<TraceContext> w3c(String projectId, String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    try {
      Context context = Context.newBuilder().loadW3CTraceParentContext(header.trim()).build();
      return Optional.of(new TraceContext(TraceContext.traceName(projectId, lower(context.getTraceId())),
          lower(context.getSpanId()), context.getTraceSampled()));
    } catch (IllegalArgumentException malformed) {
      // The library refuses anything but a well-formed version-00 header; fall back to the Cloud one.
      return Optional.empty();
    }
  }

  private static Optional<TraceContext> cloud(String projectId, String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    Context context = Context.newBuilder().loadCloudTraceContext(header.trim()).build();
    String traceId = lower(context.getTraceId());
    if (traceId == null || !TRACE_ID.matcher(traceId).matches()) {
      return Optional.empty();
    }
    return Optional.of(new TraceContext(TraceContext.traceName(projectId, traceId), hexSpan(context.getSpanId()),
        context.getTraceSampled()));
  }

  private static String hexSpan(String decimal) {
    if (decimal == null || !DECIMAL.matcher(decimal).matches()) {
      return null;
    }
    try {
      long span = Long.parseUnsignedLong(decimal);
      return span == 0 ? null : String.format("%016x", span);
    } catch (NumberFormatException beyond64Bits) {
      return null;
    }
  }

  private static String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }
}
