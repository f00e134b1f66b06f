package dev.bqsync.sync;

import java.util.List;

/** A CRM sync's answer: HTTP status (5xx when a retry may help), run id, one outcome per section. */
public record CrmJobResult(int httpStatus, String tenantId, String runId, List<CrmSectionOutcome> sections,
    String message) {
  public CrmJobResult {
    sections = List.copyOf(sections);
  }
}
