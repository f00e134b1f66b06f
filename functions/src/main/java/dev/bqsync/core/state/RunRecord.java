package dev.bqsync.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one run of one section did: written to Firestore (expiring at {@code expireAt}) and to the
 * structured log. {@code counts} holds named counters (rowsRead, rowsWritten, ...);
 * {@code rejectionsByReason} counts every rejected row; {@code rejectedSamples} keeps at most
 * {@link #MAX_SAMPLES} of them. Never holds a secret.
 */
public record RunRecord(
    String runId,
    String tenantId,
    JobKind job,
    String sectionId,
    RunStatus status,
    Instant startedAt,
    Instant finishedAt,
    Map<String, Long> counts,
    String cursorBefore,
    String cursorAfter,
    Map<String, Long> rejectionsByReason,
    List<RejectedRow> rejectedSamples,
    List<String> warnings,
    String error,
    Instant expireAt) {

  public static final int MAX_SAMPLES = 100;

  public RunRecord {
    counts = Map.copyOf(counts == null ? Map.of() : counts);
    rejectionsByReason = Map.copyOf(rejectionsByReason == null ? Map.of() : rejectionsByReason);
    rejectedSamples = List.copyOf(rejectedSamples == null ? List.of() : rejectedSamples);
    if (rejectedSamples.size() > MAX_SAMPLES) {
      rejectedSamples = rejectedSamples.subList(0, MAX_SAMPLES);
    }
    warnings = List.copyOf(warnings == null ? List.of() : warnings);
  }
}
