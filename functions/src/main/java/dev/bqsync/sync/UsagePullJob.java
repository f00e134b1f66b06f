package dev.bqsync.sync;

import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.UsageSection;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.log.TraceContext;
import dev.bqsync.core.state.Cursor;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.LeaseResult;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.core.usage.DueRule;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.CursorStore;
import dev.bqsync.port.EventLog;
import dev.bqsync.port.LeaseStore;
import dev.bqsync.port.ParkingLot;
import dev.bqsync.port.RecordDirectory;
import dev.bqsync.port.RunLog;
import dev.bqsync.port.TenantConfigStore;
import dev.bqsync.port.UsageSink;
import dev.bqsync.port.UsageSource;
import dev.bqsync.port.WarehouseConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The usage pull of one tenant: lease, then every due section (or the one asked for), each to a
 * run record in Firestore and a structured log line, then release. Sections share one time budget;
 * what is left continues on the next run from the committed cursors.
 */
public final class UsagePullJob {
  /** Settings of the job; the defaults keep a run well under Cloud Scheduler's 30-minute deadline. */
  public record Settings(Duration timeBudget, Duration leaseMargin, Duration runRetention) {
    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(20), Duration.ofMinutes(10), Duration.ofDays(30));
    }
  }

  /** The ports the job needs. */
  public record Ports(TenantConfigStore tenants, ConnectionStatusStore connections, LeaseStore leases, CursorStore cursors,
      RunLog runLog, EventLog log, WarehouseConnector warehouses, UsageSink sink, RecordDirectory directory,
      ParkingLot parking, Clock clock) {}

  private static final TenantJobGate.SectionKind<UsageSection> SECTIONS = new TenantJobGate.SectionKind<>(
      "usage section", TenantConfig::usageSection,
      t -> t.usageSections().stream().filter(UsageSection::enabled).toList(), "nothing was pulled");

  private final Ports ports;
  private final TenantJobGate gate;
  private final JobLease leases;
  private final Settings settings;

  public UsagePullJob(Ports ports, Settings settings) {
    this.ports = ports;
    this.gate = new TenantJobGate(ports.tenants(), ports.connections());
    this.leases = new JobLease(ports.leases());
    this.settings = settings;
  }

  public JobResult run(UsagePullRequest request, TraceContext trace) {
    Clock clock = ports.clock();
    Instant started = clock.instant();
    String runId = RunIds.next(started);
    LogLabels labels = new LogLabels(request.tenantId(), JobKind.USAGE_PULL.id(), null, runId);
    var admission = gate.admit(request.tenantId(), request.sectionId(), SECTIONS);
    if (admission instanceof TenantJobGate.Admission.Refused<UsageSection> refused) {
      return refuse(refused.status(), request, runId, refused.message(), labels, trace);
    }
    if (admission instanceof TenantJobGate.Admission.ReauthorisationRequired<UsageSection> reauthorise) {
      List<SectionOutcome> failed = reauthorise.sections().stream()
          .map(s -> SectionOutcome.simple(s.id(), RunStatus.FAILED, reauthorise.message())).toList();
      failed.forEach(o -> record(reauthorise.tenant(), runId, started, o, trace));
      return new JobResult(200, reauthorise.tenant().tenantId(), runId, failed, null);
    }
    var admitted = (TenantJobGate.Admission.Admitted<UsageSection>) admission;
    TenantConfig tenant = admitted.tenant();
    List<UsageSection> sections = admitted.sections();

    Duration leaseTtl = settings.timeBudget().plus(settings.leaseMargin());
    LeaseResult lease = leases.acquire(tenant.tenantId(), JobKind.USAGE_PULL, runId, leaseTtl);
    if (lease instanceof LeaseResult.AlreadyRunning running) {
      String message = JobLease.heldBy("usage pull", running);
      ports.log().emit(new LogEvent(Severity.NOTICE, message, labels, trace, Map.of("status", "ALREADY_RUNNING")));
      return new JobResult(200, tenant.tenantId(), runId, sections.stream()
          .map(s -> SectionOutcome.simple(s.id(), RunStatus.ALREADY_RUNNING, message)).toList(), null);
    }
    List<SectionOutcome> outcomes = new ArrayList<>();
    try {
      Instant deadline = started.plus(settings.timeBudget());
      UsageSource source = null;
      for (UsageSection section : sections) {
        Cursor cursor = ports.cursors().find(tenant.tenantId(), section.id()).orElse(Cursor.start(section.id()));
        boolean due = request.force() || request.sectionId() != null
            || DueRule.isDue(section.frequency(), tenant.timeZone(), cursor.lastRunAt(), clock.instant());
        if (!due) {
          outcomes.add(SectionOutcome.simple(section.id(), RunStatus.SKIPPED_NOT_DUE, "next due after "
              + DueRule.latestScheduled(section.frequency(), tenant.timeZone(), clock.instant())));
          continue;
        }
        if (!clock.instant().isBefore(deadline)) {
          outcomes.add(SectionOutcome.simple(section.id(), RunStatus.PARTIAL, "the time budget was spent on earlier "
              + "sections; this one runs next time"));
          continue;
        }
        SectionOutcome outcome;
        try {
          if (source == null) {
            source = ports.warehouses().usageSource(tenant);
          }
          outcome = new UsagePull(source, ports.sink(), ports.directory(), ports.parking(), ports.cursors(), clock)
              .run(tenant, section, runId, deadline);
        } catch (NeedsAttentionException e) {
          outcome = SectionOutcome.simple(section.id(), RunStatus.FAILED, e.getMessage());
        }
        record(tenant, runId, started, outcome, trace);
        outcomes.add(outcome);
      }
    } finally {
      leases.release(lease);
    }
    boolean retry = outcomes.stream().anyMatch(SectionOutcome::transientFailure);
    return new JobResult(retry ? 503 : 200, tenant.tenantId(), runId, outcomes, null);
  }

  private JobResult refuse(int status, UsagePullRequest request, String runId, String message, LogLabels labels,
      TraceContext trace) {
    ports.log().emit(new LogEvent(status >= 400 ? Severity.ERROR : Severity.NOTICE, message, labels, trace, Map.of()));
    return new JobResult(status, request.tenantId(), runId, List.of(), message);
  }

  /** The run record in Firestore and the same facts as one structured log line. */
  private void record(TenantConfig tenant, String runId, Instant started, SectionOutcome o, TraceContext trace) {
    Instant finished = ports.clock().instant();
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("rowsRead", o.rowsRead());
    counts.put("rowsWritten", o.rowsWritten());
    counts.put("rowsAlreadyPresent", o.rowsAlreadyPresent());
    counts.put("rowsRejected", o.rowsRejected());
    counts.put("lateRowsRecovered", o.lateRowsRecovered());
    counts.put("rowsParked", o.rowsParked());
    counts.put("parkedRecovered", o.parkedRecovered());
    counts.put("bigQueryJobs", (long) o.bigQueryJobs());
    counts.put("bytesProcessed", o.bytesProcessed());
    counts.put("durationMs", o.durationMs());
    RunRecord record = new RunRecord(runId + "-" + o.sectionId(), tenant.tenantId(), JobKind.USAGE_PULL, o.sectionId(),
        o.status(), started, finished, counts, o.cursorBefore(), o.cursorAfter(), o.rejected(), o.samples(), o.warnings(),
        o.status() == RunStatus.FAILED ? o.message() : null, finished.plus(settings.runRetention()));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("status", o.status().name());
    fields.put("counts", counts);
    fields.put("rejected", o.rejected());
    fields.put("cursorBefore", o.cursorBefore());
    fields.put("cursorAfter", o.cursorAfter());
    if (!o.warnings().isEmpty()) {
      fields.put("warnings", o.warnings());
    }
    Severity severity = o.status() == RunStatus.FAILED ? Severity.ERROR
        : !o.warnings().isEmpty() || o.rowsRejected() > 0 ? Severity.WARNING : Severity.INFO;
    String message = "usage pull " + o.sectionId() + ": " + o.status()
        + (o.message() == null ? "" : " - " + o.message());
    ports.log().emit(new LogEvent(severity, message,
        new LogLabels(tenant.tenantId(), JobKind.USAGE_PULL.id(), o.sectionId(), runId), trace, fields));
    ports.runLog().record(record);
  }
}
