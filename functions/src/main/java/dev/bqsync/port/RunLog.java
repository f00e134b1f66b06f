package dev.bqsync.port;

import dev.bqsync.core.state.RunRecord;
import java.util.List;

/** Keeps the record of every run. */
public interface RunLog {
  void record(RunRecord run);

  /** The tenant's most recent runs, newest first. */
  List<RunRecord> recent(String tenantId, int limit);
}
