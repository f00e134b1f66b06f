package dev.bqsync.port;

import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.RunRecord;
import java.time.Instant;
import java.util.List;

/** Keeps the record of every run. */
public interface RunLog {
  void record(RunRecord run);

  /**
   * Marks the RUNNING records a dead run left ABANDONED with {@code message}; returns how many. The
   * run is named by its run id (the lease holder).
   */
  int abandon(String tenantId, JobKind job, String runId, String message, Instant at);

  /** The tenant's most recent runs, newest first. */
  List<RunRecord> recent(String tenantId, int limit);
}
