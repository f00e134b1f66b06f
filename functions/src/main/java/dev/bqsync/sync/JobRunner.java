package dev.bqsync.sync;

import dev.bqsync.core.FailureKind;
import dev.bqsync.core.RunBudget;
import dev.bqsync.core.config.Identifiers;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.log.EventName;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.log.TraceContext;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.LeaseResult;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.EventLog;
import dev.bqsync.port.LeaseStore;
import dev.bqsync.port.RunLog;
import dev.bqsync.port.TenantConfigStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one template both jobs run: admit the request through the gate, take the lease, run the
 * sections within the time budget (a RUNNING record first, the finished one after), log each, release
 * the lease (best effort: a failed release is logged and never hides the result), answer.
 */
public final class JobRunner<S, O extends SectionResult> {
  /** The ports every job shares. */
  public record Ports(TenantConfigStore tenants, ConnectionStatusStore connections, LeaseStore leases, RunLog runLog,
      EventLog log, Clock clock) {}

  /** Time rules: how long a run may work, how long its lease lasts, how long its records are kept. */
  public record Timing(Duration timeBudget, Duration leaseTtl, Duration runRetention) {
    public Timing {
      if (leaseTtl.compareTo(timeBudget) <= 0) {
        throw new IllegalArgumentException("the lease (" + leaseTtl + ") must outlast the time budget (" + timeBudget + ")");
      }
    }
  }

  /** What one job adds to the template: its sections, and how to run, skip or end one. */
  public interface Work<S, O extends SectionResult> {
    JobKind kind();

    /** How people call the job: "usage pull", "CRM sync". */
    String name();

    TenantJobGate.SectionKind<S> sections();

    String id(S section);

    /** An outcome without work: skipped, refused, failed before it began. */
    O ended(String sectionId, RunStatus status, String message, FailureKind failure, Throwable error);

    /** The outcome of a section that should not run now (for example not due), or empty to run it. */
    default Optional<O> skip(TenantConfig tenant, S section, RunContext run) {
      return Optional.empty();
    }

    O run(TenantConfig tenant, S section, RunContext run);
  }

  private final Ports ports;
  private final Work<S, O> work;
  private final Timing timing;
  private final TenantJobGate gate;

  public JobRunner(Ports ports, Work<S, O> work, Timing timing) {
    this.ports = ports;
    this.work = work;
    this.timing = timing;
    this.gate = new TenantJobGate(ports.tenants(), ports.connections());
  }

  public Timing timing() {
    return timing;
  }

  public JobResult<O> run(JobRequest request, TraceContext trace) {
    Clock clock = ports.clock();
    Instant started = clock.instant();
    String runId = RunIds.next(started);
    String job = work.kind().id();
    LogLabels labels = new LogLabels(safe(request.tenantId()), job, null, runId);
    Optional<String> badId = Identifiers.tenantIdProblem(request.tenantId())
        .or(() -> request.sectionId() == null ? Optional.empty() : Identifiers.sectionIdProblem(request.sectionId()));
    if (badId.isPresent()) {
      return refuse(Refusal.INVALID_REQUEST, request, runId, badId.get(), labels, trace);
    }
    var admission = gate.admit(request.tenantId(), request.sectionId(), work.sections());
    if (admission instanceof TenantJobGate.Admission.Refused<S> refused) {
      return refuse(refused.refusal(), request, runId, refused.message(), labels, trace);
    }
    if (admission instanceof TenantJobGate.Admission.ReauthorisationRequired<S> reauthorise) {
      reauthorisationRequired(reauthorise.message(), labels, trace);
      List<O> failed = new ArrayList<>();
      for (S section : reauthorise.sections()) {
        O outcome = work.ended(work.id(section), RunStatus.FAILED, reauthorise.message(), FailureKind.NEEDS_PERSON, null);
        finish(reauthorise.tenant(), runId, started, outcome, trace);
        failed.add(outcome);
      }
      return new JobResult<>(request.tenantId(), runId, null, null, failed);
    }
    var admitted = (TenantJobGate.Admission.Admitted<S>) admission;
    TenantConfig tenant = admitted.tenant();
    // A dry run writes nothing, so it needs no lease and never waits for a running job.
    Lease lease = null;
    if (!request.dryRun()) {
      LeaseResult taken = ports.leases().tryAcquire(tenant.tenantId(), work.kind(), runId, timing.leaseTtl());
      if (taken instanceof LeaseResult.AlreadyRunning running) {
        String message = "another " + work.name() + " of this tenant is running (run " + running.current().holder()
            + " since " + running.current().acquiredAt() + ", lease until " + running.current().expireAt() + ")";
        ports.log().emit(new LogEvent(Severity.NOTICE, message, labels, trace,
            Map.of("status", RunStatus.ALREADY_RUNNING.name(), "holder", running.current().holder()))
            .as(EventName.ALREADY_RUNNING));
        return new JobResult<>(tenant.tenantId(), runId, null, null, admitted.sections().stream()
            .map(s -> work.ended(work.id(s), RunStatus.ALREADY_RUNNING, message, null, null)).toList());
      }
      Lease acquired = ((LeaseResult.Acquired) taken).lease();
      lease = acquired;
      ((LeaseResult.Acquired) taken).previous().ifPresent(dead -> abandon(tenant.tenantId(), dead, acquired, labels, trace));
    }
    Instant deadline = started.plus(timing.timeBudget());
    RunContext run = new RunContext(runId, started, deadline, lease, trace, request);
    List<O> outcomes = new ArrayList<>();
    try (RunBudget budget = RunBudget.open(deadline, clock)) {
      for (S section : admitted.sections()) {
        outcomes.add(runSection(tenant, section, run));
      }
    } finally {
      release(lease, labels, trace);
    }
    if (outcomes.stream().anyMatch(o -> o.failure() == FailureKind.NEEDS_PERSON)) {
      reauthorisationMarkedDuringTheRun(tenant.tenantId(), labels, trace);
    }
    return new JobResult<>(tenant.tenantId(), runId, null, null, outcomes);
  }

  private O runSection(TenantConfig tenant, S section, RunContext run) {
    String sectionId = work.id(section);
    Optional<O> skipped = work.skip(tenant, section, run);
    if (skipped.isPresent()) {
      return skipped.get();
    }
    if (!ports.clock().instant().isBefore(run.deadline())) {
      return work.ended(sectionId, RunStatus.PARTIAL, "the time budget was spent on earlier sections; this one runs "
          + "next time", null, null);
    }
    boolean recorded = !run.request().dryRun();
    if (recorded) {
      ports.runLog().record(new RunRecord(recordId(run.runId(), sectionId), tenant.tenantId(), work.kind(), sectionId,
          RunStatus.RUNNING, run.started(), null, Map.of(), null, null, Map.of(), List.of(), List.of(), null,
          run.started().plus(timing.runRetention())));
    }
    O outcome;
    try {
      outcome = work.run(tenant, section, run);
    } catch (RuntimeException e) {
      FailureOutcome failed = FailureOutcome.of(e);
      outcome = work.ended(sectionId, failed.status(), failed.message(), failed.kind(), failed.error());
    }
    if (recorded) {
      finish(tenant, run.runId(), run.started(), outcome, run.trace());
    }
    return outcome;
  }

  static String recordId(String runId, String sectionId) {
    return runId + "-" + sectionId;
  }

  private JobResult<O> refuse(Refusal refusal, JobRequest request, String runId, String message, LogLabels labels,
      TraceContext trace) {
    Severity severity = switch (refusal) {
      case SWITCHED_OFF -> Severity.NOTICE;
      case INVALID_REQUEST, NOT_FOUND -> Severity.WARNING;
      case MISCONFIGURED -> Severity.ERROR;
    };
    ports.log().emit(new LogEvent(severity, message, labels, trace, Map.of("status", "REFUSED", "refusal", refusal.name()))
        .as(EventName.RUN_REFUSED));
    return JobResult.refused(request.tenantId(), runId, refusal, message);
  }

  /**
   * The one line per run that the re-authorisation alert matches (event reauthorization_required):
   * the tenant's runs stay stopped until someone connects it again.
   */
  private void reauthorisationRequired(String why, LogLabels labels, TraceContext trace) {
    ports.log().emit(new LogEvent(Severity.ERROR, "tenant " + labels.tenantId() + " must authorise BigQuery again; "
        + "its " + work.name() + " runs are stopped until it connects again ('bqsync tenant connect')", labels, trace,
        Map.of("connection", ConnectionState.REAUTHORIZATION_REQUIRED.name(), "reason", why == null ? "" : why))
        .as(EventName.REAUTHORIZATION_REQUIRED));
  }

  /**
   * When Google refused the refresh token during this run, the credentials marked the connection; the
   * alert's line says so. Best effort: the sections' own lines already carry the failure.
   */
  private void reauthorisationMarkedDuringTheRun(String tenantId, LogLabels labels, TraceContext trace) {
    try {
      ports.connections().find(tenantId).filter(c -> c.state() == ConnectionState.REAUTHORIZATION_REQUIRED)
          .ifPresent(c -> reauthorisationRequired(c.message(), labels, trace));
    } catch (RuntimeException unreadable) {
      ports.log().emit(new LogEvent(Severity.WARNING, "could not read the connection status after a failed run: "
          + unreadable.getClass().getSimpleName(), labels, trace, Map.of()));
    }
  }

  /** A tenant id that failed its rule is logged as data, never used as a label as it came. */
  private static String safe(String tenantId) {
    return tenantId != null && Identifiers.tenantIdProblem(tenantId).isEmpty() ? tenantId : null;
  }

  /** The records the dead holder left RUNNING say so: ABANDONED, with who took over. */
  private void abandon(String tenantId, Lease dead, Lease taker, LogLabels labels, TraceContext trace) {
    String message = "the run died or stalled: its lease expired at " + dead.expireAt() + " and run " + taker.holder()
        + " took over. What it committed before (cursors, written batches) stays; the runs after it do the rest.";
    int marked = ports.runLog().abandon(tenantId, work.kind(), dead.holder(), message, ports.clock().instant());
    ports.log().emit(new LogEvent(Severity.WARNING, work.name() + " run " + dead.holder() + " was abandoned", labels,
        trace, Map.of("status", RunStatus.ABANDONED.name(), "abandonedRun", dead.holder(), "records", marked))
        .as(EventName.RUN_ABANDONED));
  }

  private void release(Lease lease, LogLabels labels, TraceContext trace) {
    if (lease == null) {
      return;
    }
    try {
      ports.leases().release(lease);
    } catch (RuntimeException e) {
      ports.log().emit(new LogEvent(Severity.WARNING, "could not release the " + work.name() + " lease (it expires at "
          + lease.expireAt() + " by itself): " + e.getClass().getSimpleName() + ": " + e.getMessage(), labels, trace,
          Map.of("holder", lease.holder())).as(EventName.LEASE_RELEASE_FAILED));
    }
  }

  /** The finished run record in Firestore and the same facts as one structured log line. */
  private void finish(TenantConfig tenant, String runId, Instant started, O o, TraceContext trace) {
    Instant finished = ports.clock().instant();
    Map<String, Long> counts = Counts.of(o.counts());
    RunRecord record = new RunRecord(recordId(runId, o.sectionId()), tenant.tenantId(), work.kind(), o.sectionId(),
        o.status(), started, finished, counts, o.cursorBefore(), o.cursorAfter(), o.rejectedByReason(),
        o.rejectedSamples(), o.warnings(), o.status() == RunStatus.FAILED || o.status() == RunStatus.ABANDONED
            ? o.message() : null, finished.plus(timing.runRetention()));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("status", o.status().name());
    if (o.failure() != null) {
      fields.put("failure", o.failure().name());
    }
    fields.put("counts", counts);
    fields.put("rejected", o.rejectedByReason());
    if (o.cursorBefore() != null || o.cursorAfter() != null) {
      fields.put("cursorBefore", o.cursorBefore());
      fields.put("cursorAfter", o.cursorAfter());
    }
    if (!o.warnings().isEmpty()) {
      fields.put("warnings", o.warnings());
    }
    fields.putAll(o.logFields());
    Severity severity = o.status() == RunStatus.FAILED || o.status() == RunStatus.ABANDONED ? Severity.ERROR
        : !o.warnings().isEmpty() || !o.rejectedByReason().isEmpty() ? Severity.WARNING : Severity.INFO;
    if (o.failure() == FailureKind.TRANSIENT) {
      severity = Severity.WARNING;
    }
    String message = work.name() + " " + o.sectionId() + ": " + o.status() + (o.message() == null ? "" : " - " + o.message());
    LogLabels labels = new LogLabels(tenant.tenantId(), work.kind().id(), o.sectionId(), runId);
    ports.log().emit(new LogEvent(severity, message, labels, trace, fields, o.error()).as(EventName.SECTION_FINISHED));
    ports.runLog().record(record);
  }
}
