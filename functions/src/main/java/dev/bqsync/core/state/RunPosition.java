package dev.bqsync.core.state;

import java.time.Instant;

/**
 * Where a page of run records ended: the last record's start and id. Records of one run's sections
 * share a start, so the id breaks the tie and a page never skips or repeats one.
 */
public record RunPosition(Instant startedAt, String recordId) {
  /** Whether {@code run} comes after this position, newest first. */
  public boolean isBefore(RunRecord run) {
    int byTime = run.startedAt().compareTo(startedAt);
    return byTime < 0 || (byTime == 0 && run.runId().compareTo(recordId) < 0);
  }
}
