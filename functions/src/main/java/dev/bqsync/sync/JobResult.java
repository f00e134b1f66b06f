package dev.bqsync.sync;

import java.util.List;

/**
 * A job's answer: the HTTP status (5xx when a retry may help, so Scheduler retries), the run id,
 * one outcome per section, and a message when the whole request could not run.
 */
public record JobResult(int httpStatus, String tenantId, String runId, List<SectionOutcome> sections, String message) {
  public JobResult {
    sections = List.copyOf(sections);
  }
}
