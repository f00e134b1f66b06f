package dev.bqsync.sync;

import dev.bqsync.core.FailureKind;
import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunStatus;
import java.util.List;
import java.util.Map;

/**
 * What the job runner needs of any section's outcome to record it, log it and answer with it. The
 * counts are a record of the job's own counters, turned into named numbers once ({@link Counts}).
 */
public interface SectionResult {
  String sectionId();

  RunStatus status();

  /** Why the section failed, or null when it did not. */
  FailureKind failure();

  String message();

  /** The exception behind a bug, for the ERROR log line's stack trace; null otherwise. */
  Throwable error();

  /** The job's counters record. */
  Record counts();

  default String cursorBefore() {
    return null;
  }

  default String cursorAfter() {
    return null;
  }

  Map<String, Long> rejectedByReason();

  List<RejectedRow> rejectedSamples();

  List<String> warnings();

  /** Extra structured facts for the log line (for example the changes by field). */
  default Map<String, Object> logFields() {
    return Map.of();
  }
}
