package dev.bqsync.sync;

import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunStatus;
import java.util.List;
import java.util.Map;

/**
 * What one usage section's run did: the summary the function answers with, and the stuff of its
 * run record. {@code transientFailure} marks a FAILED run that a retry may fix.
 */
public record SectionOutcome(
    String sectionId,
    RunStatus status,
    long rowsRead,
    long rowsWritten,
    long rowsAlreadyPresent,
    Map<String, Long> rejected,
    long lateRowsRecovered,
    long rowsParked,
    long parkedRecovered,
    String cursorBefore,
    String cursorAfter,
    int bigQueryJobs,
    long bytesProcessed,
    long durationMs,
    String message,
    List<String> warnings,
    List<RejectedRow> samples,
    boolean transientFailure) {

  public SectionOutcome {
    rejected = Map.copyOf(rejected);
    warnings = List.copyOf(warnings);
    samples = List.copyOf(samples);
  }

  public long rowsRejected() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  public static SectionOutcome simple(String sectionId, RunStatus status, String message) {
    return new SectionOutcome(sectionId, status, 0, 0, 0, Map.of(), 0, 0, 0, null, null, 0, 0, 0, message, List.of(),
        List.of(), false);
  }
}
