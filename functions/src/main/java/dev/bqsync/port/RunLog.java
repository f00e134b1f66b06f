package dev.bqsync.port;

import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.RunRecord;
import java.time.Instant;
import dev.bqsync.core.state.RunFilter;
import dev.bqsync.core.state.RunPosition;
import java.util.List;
import java.util.Optional;

/** Keeps the record of every run. */
public interface RunLog {
  void record(RunRecord run);

  /**
   * Marks the RUNNING records a dead run left ABANDONED with {@code message}; returns how many. The
   * run is named by its run id (the lease holder).
   */
  int abandon(String tenantId, JobKind job, String runId, String message, Instant at);

  /** The tenant's most recent runs, newest first. */
  default List<RunRecord> recent(String tenantId, int limit) {
    return page(tenantId, RunFilter.ANY, null, limit);
  }

  /**
   * The tenant's run records that match {@code filter}, newest first (by start, then record id
   * descending), starting after {@code after} (null: the newest).
   */
  List<RunRecord> page(String tenantId, RunFilter filter, RunPosition after, int limit);

  /** One run record by its id (a run id and a section id joined by a hyphen). */
  Optional<RunRecord> find(String tenantId, String recordId);
}
