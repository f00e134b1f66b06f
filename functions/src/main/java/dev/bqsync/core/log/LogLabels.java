package dev.bqsync.core.log;

import java.util.LinkedHashMap;
import java.util.Map;

/** What Cloud Logging indexes a line by: tenant, job, section and run (any may be null). */
public record LogLabels(String tenantId, String job, String sectionId, String runId) {
  public static final LogLabels NONE = new LogLabels(null, null, null, null);

  public LogLabels withSection(String section) {
    return new LogLabels(tenantId, job, section, runId);
  }

  /** The labels that are set, under the names queries use: tenant, job, section, run. */
  public Map<String, String> asMap() {
    Map<String, String> out = new LinkedHashMap<>();
    put(out, "tenant", tenantId);
    put(out, "job", job);
    put(out, "section", sectionId);
    put(out, "run", runId);
    return out;
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
