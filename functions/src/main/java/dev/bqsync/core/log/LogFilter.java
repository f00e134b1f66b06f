package dev.bqsync.core.log;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Cloud Logging filter for a {@link LogQuery}: label equalities, a severity floor and a start
 * time, joined by AND, for example
 * {@code labels.tenant="acme" AND labels.job="usage" AND severity>=WARNING AND timestamp>="2026-11-23T09:15:30Z"}.
 * Every value is a quoted, escaped string, so a value cannot end its string and add filter syntax.
 */
public final class LogFilter {
  private LogFilter() {}

  public static String of(LogQuery query, Instant now) {
    List<String> terms = new ArrayList<>();
    Map<String, String> labels = new LogLabels(query.tenantId(), query.job(), query.sectionId(), query.runId()).asMap();
    labels.forEach((name, value) -> terms.add("labels." + name + "=" + quote(value)));
    if (query.minSeverity() != null) {
      terms.add("severity>=" + query.minSeverity().name());
    }
    Instant start = now.minus(query.since()).truncatedTo(ChronoUnit.SECONDS);
    terms.add("timestamp>=" + quote(start.toString()));
    return String.join(" AND ", terms);
  }

  /**
   * {@code value} as a filter string literal: backslashes and double quotes escaped. Control
   * characters have no place in a label and no escape every reader agrees on, so they are refused.
   */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("a filter value cannot contain control characters");
      }
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }
}
