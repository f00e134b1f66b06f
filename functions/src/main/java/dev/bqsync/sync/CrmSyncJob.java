package dev.bqsync.sync;

import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.log.TraceContext;
import dev.bqsync.core.state.ConnectionState;
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
import java.util.Optional;

/** The CRM sync of one tenant: lease, every enabled section (or the one asked for), run records, logs. */
public final class CrmSyncJob {
  public record Ports(TenantConfigStore tenants, ConnectionStatusStore connections, LeaseStore leases, RunLog runLog,
      EventLog log, WarehouseConnector warehouses, CrmStore store, Clock clock) {}

  private final Ports ports;
  private final Duration leaseTtl;
  private final Duration runRetention;

  public CrmSyncJob(Ports ports, Duration leaseTtl, Duration runRetention) {
    this.ports = ports;
    this.leaseTtl = leaseTtl;
    this.runRetention = runRetention;
  }

  public CrmJobResult run(CrmSyncRequest request, TraceContext trace) {
    Instant started = ports.clock().instant();
    String runId = RunIds.next(started);
    LogLabels labels = new LogLabels(request.tenantId(), JobKind.CRM_SYNC.id(), null, runId);
    Optional<TenantConfig> found = ports.tenants().find(request.tenantId());
    if (found.isEmpty()) {
      return refuse(404, request, runId, "no tenant '" + request.tenantId() + "': apply its configuration with "
          + "'bqsync tenant apply --file F'", labels, trace);
    }
    TenantConfig tenant = found.get();
    List<CrmSection> sections;
    if (request.sectionId() != null) {
      Optional<CrmSection> section = tenant.crmSection(request.sectionId());
      if (section.isEmpty()) {
        return refuse(404, request, runId, "tenant '" + tenant.tenantId() + "' has no CRM section '"
            + request.sectionId() + "'", labels, trace);
      }
      sections = List.of(section.get());
    } else {
      sections = tenant.crmSections().stream().filter(CrmSection::enabled).toList();
    }
    if (!tenant.enabled()) {
      return refuse(200, request, runId, "tenant '" + tenant.tenantId() + "' is disabled: nothing was synced", labels, trace);
    }
    var connection = ports.connections().find(tenant.tenantId());
    if (connection.isPresent() && connection.get().state() == ConnectionState.REAUTHORIZATION_REQUIRED) {
      List<CrmSectionOutcome> failed = sections.stream().map(s -> CrmSectionOutcome.simple(s.id(), RunStatus.FAILED,
          "the BigQuery connection needs to be authorised again: " + connection.get().message())).toList();
      failed.forEach(o -> record(tenant, runId, started, o, trace));
      return new CrmJobResult(200, tenant.tenantId(), runId, failed, null);
    }
    LeaseResult lease = request.dryRun() ? null
        : ports.leases().tryAcquire(tenant.tenantId(), JobKind.CRM_SYNC, runId, leaseTtl);
    if (lease instanceof LeaseResult.AlreadyRunning running) {
      String message = "another CRM sync of this tenant is running (run " + running.current().holder() + ", lease until "
          + running.current().expireAt() + ")";
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
      if (lease instanceof LeaseResult.Acquired acquired) {
        ports.leases().release(acquired.lease());
      }
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
