package dev.bqsync.sync;

import dev.bqsync.core.FailureKind;
import dev.bqsync.core.state.RunStatus;
import java.util.List;

/**
 * A job's answer in domain terms: refused (with why), or one outcome per section. {@link #verdict}
 * sums it up; only {@code function/} turns that into an HTTP status.
 */
public record JobResult<O extends SectionResult>(String tenantId, String runId, Refusal refusal, String message,
    List<O> sections) {

  /** The run as a whole, worst first: a bug, then a retry, then a person, else done. */
  public enum Verdict { REFUSED, BUG, MAY_RETRY, NEEDS_PERSON, DONE }

  public JobResult {
    sections = List.copyOf(sections);
  }

  static <O extends SectionResult> JobResult<O> refused(String tenantId, String runId, Refusal refusal, String message) {
    return new JobResult<>(tenantId, runId, refusal, message, List.of());
  }

  public Verdict verdict() {
    if (refusal != null) {
      return Verdict.REFUSED;
    }
    if (has(FailureKind.BUG)) {
      return Verdict.BUG;
    }
    if (has(FailureKind.TRANSIENT)) {
      return Verdict.MAY_RETRY;
    }
    if (has(FailureKind.NEEDS_PERSON) || sections.stream().anyMatch(s -> s.status() == RunStatus.FAILED)) {
      return Verdict.NEEDS_PERSON;
    }
    return Verdict.DONE;
  }

  private boolean has(FailureKind kind) {
    return sections.stream().anyMatch(s -> s.failure() == kind);
  }
}
