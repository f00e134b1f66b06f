package dev.bqsync.fakes;

import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.state.RunStatus;
import java.time.Instant;
import dev.bqsync.port.RunLog;
import java.util.ArrayList;
import java.util.Comparator;
import dev.bqsync.core.state.RunFilter;
import dev.bqsync.core.state.RunPosition;
import java.util.List;
import java.util.Optional;

public final class InMemoryRunLog implements RunLog {
  private final List<RunRecord> runs = new ArrayList<>();

  @Override
  public synchronized void record(RunRecord run) {
    runs.removeIf(r -> r.tenantId().equals(run.tenantId()) && r.runId().equals(run.runId()));
    runs.add(run);
  }

  @Override
  public synchronized List<RunRecord> page(String tenantId, RunFilter filter, RunPosition after, int limit) {
    return runs.stream().filter(r -> r.tenantId().equals(tenantId) && filter.matches(r)
            && (after == null || after.isBefore(r)))
        .sorted(Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId).reversed()).limit(limit)
        .toList();
  }

  @Override
  public synchronized Optional<RunRecord> find(String tenantId, String recordId) {
    return runs.stream().filter(r -> r.tenantId().equals(tenantId) && r.runId().equals(recordId)).findFirst();
  }

  @Override
  public synchronized int abandon(String tenantId, JobKind job, String runId, String message, Instant at) {
    int marked = 0;
    for (int i = 0; i < runs.size(); i++) {
      RunRecord r = runs.get(i);
      if (r.tenantId().equals(tenantId) && r.job() == job && r.status() == RunStatus.RUNNING
          && r.runId().startsWith(runId + "-")) {
        runs.set(i, new RunRecord(r.runId(), r.tenantId(), r.job(), r.sectionId(), RunStatus.ABANDONED, r.startedAt(), at,
            r.counts(), r.cursorBefore(), r.cursorAfter(), r.rejectionsByReason(), r.rejectedSamples(), r.warnings(),
            message, r.expireAt()));
        marked++;
      }
    }
    return marked;
  }

  public synchronized List<RunRecord> all() {
    return new ArrayList<>(runs);
  }
}
