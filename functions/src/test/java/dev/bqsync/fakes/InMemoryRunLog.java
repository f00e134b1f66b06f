package dev.bqsync.fakes;

import dev.bqsync.core.state.RunRecord;
import dev.bqsync.port.RunLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

public final class InMemoryRunLog implements RunLog {
  private final List<RunRecord> runs = new ArrayList<>();

  @Override
  public synchronized void record(RunRecord run) {
    runs.removeIf(r -> r.tenantId().equals(run.tenantId()) && r.runId().equals(run.runId()));
    runs.add(run);
  }

  @Override
  public synchronized List<RunRecord> recent(String tenantId, int limit) {
    return runs.stream().filter(r -> r.tenantId().equals(tenantId))
        .sorted(Comparator.comparing(RunRecord::startedAt).reversed()).limit(limit).toList();
  }

  public synchronized List<RunRecord> all() {
    return new ArrayList<>(runs);
  }
}
