package dev.bqsync.sync;

import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.state.RunStatus;

/** What one CRM section's run did (or, on a dry run, would do): the plan, the status, the BigQuery jobs. */
public record CrmSectionOutcome(String sectionId, RunStatus status, boolean dryRun, SyncPlan plan, long rowsRead,
    long recordsRead, int bigQueryJobs, long durationMs, String message, boolean transientFailure) {

  public static CrmSectionOutcome simple(String sectionId, RunStatus status, String message) {
    return new CrmSectionOutcome(sectionId, status, false, null, 0, 0, 0, 0, message, false);
  }
}
