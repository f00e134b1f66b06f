package dev.bqsync.sync;

import dev.bqsync.core.FailureKind;
import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunStatus;
import java.util.List;
import java.util.Map;

/**
 * What one usage section's run did: the summary the function answers with, and the stuff of its
 * run record. {@code failure} says what kind of failure a FAILED run had.
 */
public record SectionOutcome(
    String sectionId,
    RunStatus status,
    UsageCounts counts,
    Map<String, Long> rejectedByReason,
    String cursorBefore,
    String cursorAfter,
    String message,
    List<String> warnings,
    List<RejectedRow> rejectedSamples,
    FailureKind failure,
    Throwable error) implements SectionResult {

  public SectionOutcome {
    rejectedByReason = Map.copyOf(rejectedByReason);
    warnings = List.copyOf(warnings);
    rejectedSamples = List.copyOf(rejectedSamples);
  }

  public static SectionOutcome simple(String sectionId, RunStatus status, String message) {
    return ended(sectionId, status, message, null, null);
  }

  public static SectionOutcome ended(String sectionId, RunStatus status, String message, FailureKind failure,
      Throwable error) {
    return new SectionOutcome(sectionId, status, UsageCounts.NONE, Map.of(), null, null, message, List.of(), List.of(),
        failure, error);
  }

  public long rowsRead() {
    return counts.rowsRead();
  }

  public long rowsWritten() {
    return counts.rowsWritten();
  }

  public long rowsAlreadyPresent() {
    return counts.rowsAlreadyPresent();
  }

  public long rowsRejected() {
    return counts.rowsRejected();
  }

  public long lateRowsRecovered() {
    return counts.lateRowsRecovered();
  }

  public long rowsParked() {
    return counts.rowsParked();
  }

  public long parkedRecovered() {
    return counts.parkedRecovered();
  }

  public long bigQueryJobs() {
    return counts.bigQueryJobs();
  }

  public long bytesProcessed() {
    return counts.bytesProcessed();
  }

  public Map<String, Long> rejected() {
    return rejectedByReason;
  }

  public List<RejectedRow> samples() {
    return rejectedSamples;
  }
}
