package dev.bqsync.sync;

import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.core.usage.RejectionReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counts a section run gathers as it goes. */
final class PullCounters {
  long rowsRead;
  long rowsWritten;
  long rowsAlreadyPresent;
  long lateRowsRecovered;
  long rowsParked;
  long parkedRecovered;
  /** Rows of the section parked at the end of the run (all of them, not only this run's). */
  long stillParked;
  int jobs;
  long bytesProcessed;
  String cursorBefore;
  String cursorAfter;
  final Map<String, Long> rejected = new TreeMap<>();
  final List<RejectedRow> samples = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();

  /**
   * Counts a rejection and samples it. The last slots are kept for reasons not sampled yet, so a
   * flood of one reason never hides another from the run record.
   */
  void reject(RejectionReason reason, RejectedRow sample) {
    boolean firstOfReason = rejected.merge(reason.name(), 1L, Long::sum) == 1L;
    if (samples.size() < RunRecord.MAX_SAMPLES - RejectionReason.values().length || firstOfReason) {
      samples.add(sample);
    }
  }

  SectionOutcome outcome(String sectionId, RunStatus status, long durationMs, String message) {
    long rowsRejected = rejected.values().stream().mapToLong(Long::longValue).sum();
    UsageCounts counts = new UsageCounts(rowsRead, rowsWritten, rowsAlreadyPresent, rowsRejected, lateRowsRecovered,
        rowsParked, parkedRecovered, stillParked, jobs, bytesProcessed, durationMs);
    return new SectionOutcome(sectionId, status, counts, rejected, cursorBefore, cursorAfter, message, warnings, samples,
        null, null);
  }
}
