package dev.bqsync.sync;

import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.log.TraceContext;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.LeaseResult;
import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.CrmStore;
import dev.bqsync.port.EventLog;
import dev.bqsync.port.LeaseStore;
import dev.bqsync.port.RunLog;
import dev.bqsync.port.TenantConfigStore;
import dev.bqsync.port.WarehouseConnector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CRM sync of one tenant: lease, every enabled section (or the one asked for), run records, logs. */
public final class CrmSyncJob {
  public record Ports(TenantConfigStore tenants, ConnectionStatusStore connections, LeaseStore leases, RunLog runLog,
      EventLog log, WarehouseConnector warehouses, CrmStore store, Clock clock) {}

  private static final TenantJobGate.SectionKind<CrmSection> SECTIONS = new TenantJobGate.SectionKind<>(
      "CRM section", TenantConfig::crmSection,
      t -> t.crmSections().stream().filter(CrmSection::enabled).toList(), "nothing was synced");

  private final Ports ports;
  private final TenantJobGate gate;
  private final JobLease leases;
  private final Duration leaseTtl;
  private final Duration runRetention;

  public CrmSyncJob(Ports ports, Duration leaseTtl, Duration runRetention) {
    this.ports = ports;
    this.gate = new TenantJobGate(ports.tenants(), ports.connections());
    this.leases = new JobLease(ports.leases());
    this.leaseTtl = leaseTtl;
    this.runRetention = runRetention;
  }

  public CrmJobResult run(CrmSyncRequest request, TraceContext trace) {
    Instant started = ports.clock().instant();
    String runId = RunIds.next(started);
    LogLabels labels = new LogLabels(request.tenantId(), JobKind.CRM_SYNC.id(), null, runId);
    var admission = gate.admit(request.tenantId(), request.sectionId(), SECTIONS);
    if (admission instanceof TenantJobGate.Admission.Refused<CrmSection> refused) {
      return refuse(refused.status(), request, runId, refused.message(), labels, trace);
    }
    if (admission instanceof TenantJobGate.Admission.ReauthorisationRequired<CrmSection> reauthorise) {
      List<CrmSectionOutcome> failed = reauthorise.sections().stream()
          .map(s -> CrmSectionOutcome.simple(s.id(), RunStatus.FAILED, reauthorise.message())).toList();
      failed.forEach(o -> record(reauthorise.tenant(), runId, started, o, trace));
      return new CrmJobResult(200, reauthorise.tenant().tenantId(), runId, failed, null);
    }
    var admitted = (TenantJobGate.Admission.Admitted<CrmSection>) admission;
    TenantConfig tenant = admitted.tenant();
    List<CrmSection> sections = admitted.sections();
    // A dry run writes nothing, so it needs no lease and never waits for a running sync.
    LeaseResult lease = request.dryRun() ? null : leases.acquire(tenant.tenantId(), JobKind.CRM_SYNC, runId, leaseTtl);
    if (lease instanceof LeaseResult.AlreadyRunning running) {
      String message = JobLease.heldBy("CRM sync", running);
      ports.log().emit(new LogEvent(Severity.NOTICE, message, labels, trace, Map.of("status", "ALREADY_RUNNING")));
      return new CrmJobResult(200, tenant.tenantId(), runId, sections.stream()
          .map(s -> CrmSectionOutcome.simple(s.id(), RunStatus.ALREADY_RUNNING, message)).toList(), null);
    }
    List<CrmSectionOutcome> outcomes = new ArrayList<>();
    try {
      for (CrmSection section : sections) {
        CrmSectionOutcome outcome;
        try {
          CrmSync sync = new CrmSync(ports.warehouses().crmWarehouse(tenant), ports.store(), ports.clock());
          outcome = sync.run(tenant, section, runId, request.dryRun());
        } catch (NeedsAttentionException e) {
          outcome = CrmSectionOutcome.simple(section.id(), RunStatus.FAILED, e.getMessage());
        }
        if (!request.dryRun()) {
          record(tenant, runId, started, outcome, trace);
        }
        outcomes.add(outcome);
      }
    } finally {
      leases.release(lease);
    }
    boolean retry = outcomes.stream().anyMatch(CrmSectionOutcome::transientFailure);
    return new CrmJobResult(retry ? 503 : 200, tenant.tenantId(), runId, outcomes, null);
  }

  private CrmJobResult refuse(int status, CrmSyncRequest request, String runId, String message, LogLabels labels,
      TraceContext trace) {
    ports.log().emit(new LogEvent(status >= 400 ? Severity.ERROR : Severity.NOTICE, message, labels, trace, Map.of()));
    return new CrmJobResult(status, request.tenantId(), runId, List.of(), message);
  }

  /** The counts of a CRM section's run, by name, for its run record and log line. */
  public static Map<String, Long> counts(CrmSectionOutcome o) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("rowsRead", o.rowsRead());
    counts.put("recordsRead", o.recordsRead());
    SyncPlan p = o.plan();
    if (p != null) {
      counts.put("matched", p.matched());
      counts.put("onlyInWarehouse", p.onlyInWarehouse());
      counts.put("onlyInCrm", p.onlyInCrm());
      counts.put("crmCreates", p.crmCreates());
      counts.put("crmUpdates", p.crmUpdates());
      counts.put("crmWrites", (long) p.crmWrites().size());
      counts.put("warehouseInserts", p.warehouseInserts());
      counts.put("warehouseUpdates", p.warehouseUpdates());
      counts.put("conflicts", p.conflicts());
      counts.put("rowsRejected", p.rejectedByReason().values().stream().mapToLong(Long::longValue).sum());
    }
    counts.put("bigQueryJobs", (long) o.bigQueryJobs());
    counts.put("durationMs", o.durationMs());
    return counts;
  }

  private void record(TenantConfig tenant, String runId, Instant started, CrmSectionOutcome o, TraceContext trace) {
    Instant finished = ports.clock().instant();
    Map<String, Long> counts = counts(o);
    SyncPlan p = o.plan();
    Map<String, Long> rejected = p == null ? Map.of() : p.rejectedByReason();
    List<RejectedRow> samples = p == null ? List.of() : p.rejectedSamples();
    List<String> warnings = new ArrayList<>();
    if (p != null) {
      p.conflictSamples().stream().limit(20).forEach(c -> warnings.add("conflict on " + c.key() + "." + c.field()
          + ": CRM " + c.crmValue() + " vs BigQuery " + c.warehouseValue() + ", " + c.winner() + " won"));
    }
    RunRecord record = new RunRecord(runId + "-" + o.sectionId(), tenant.tenantId(), JobKind.CRM_SYNC, o.sectionId(),
        o.status(), started, finished, counts, null, null, rejected, samples, warnings,
        o.status() == RunStatus.FAILED ? o.message() : null, finished.plus(runRetention));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("status", o.status().name());
    fields.put("counts", counts);
    fields.put("rejected", rejected);
    if (p != null) {
      fields.put("changesByField", p.changesByField());
    }
    Severity severity = o.status() == RunStatus.FAILED ? Severity.ERROR
        : !rejected.isEmpty() || (p != null && p.conflicts() > 0) ? Severity.WARNING : Severity.INFO;
    ports.log().emit(new LogEvent(severity, "crm sync " + o.sectionId() + ": " + o.status()
        + (o.message() == null ? "" : " - " + o.message()),
        new LogLabels(tenant.tenantId(), JobKind.CRM_SYNC.id(), o.sectionId(), runId), trace, fields));
    ports.runLog().record(record);
  }
}
