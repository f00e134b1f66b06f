package dev.bqsync.sync;

import dev.bqsync.core.FailureKind;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.RunMeter;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.FieldMapping;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.DeleteAction;
import dev.bqsync.core.config.DeletePolicy;
import dev.bqsync.core.crm.ChangedKeys;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.MassChangeGuard;
import dev.bqsync.core.crm.CrmSchemaCheck;
import dev.bqsync.core.crm.CrmSyncPlanner;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.crm.WarehouseWriteResult;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
import dev.bqsync.port.CrmStore;
import dev.bqsync.port.CrmWarehouse;
import dev.bqsync.port.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CRM section's sync: read both sides in full, plan, then write BigQuery with one MERGE and,
 * only once it succeeded, the CRM (values and snapshots together). A crash between the two, or
 * halfway through the CRM writes, converges on the next run: what was written to BigQuery now
 * equals the CRM, and the missing snapshots are recorded without reverting anybody's change.
 */
public final class CrmSync {
  /** CRM writes go in chunks so the time budget is checked between them. */
  static final int CHUNK = 499;

  private final CrmWarehouse warehouse;
  private final CrmStore store;
  private final LeaseStore leases;
  private final Duration leaseTtl;
  private final Clock clock;
  private final IncrementalCrmRead incremental;

  public CrmSync(CrmWarehouse warehouse, CrmStore store, LeaseStore leases, Duration leaseTtl, Clock clock) {
    this(warehouse, store, leases, leaseTtl, clock, null);
  }

  /** With {@code incremental}, a tenant with a state dataset is synced by its changes. */
  public CrmSync(CrmWarehouse warehouse, CrmStore store, LeaseStore leases, Duration leaseTtl, Clock clock,
      IncrementalCrmRead incremental) {
    this.incremental = incremental;
    this.warehouse = warehouse;
    this.store = store;
    this.leases = leases;
    this.leaseTtl = leaseTtl;
    this.clock = clock;
  }

  /**
   * Plans, then (unless {@code dryRun}) writes: the MERGE first, after a fenced renewal of the lease
   * that outlasts the MERGE's job timeout (so no other run can take the lease while BigQuery is
   * written), then the CRM in fenced chunks while the time budget lasts. A run stopped by the budget
   * is PARTIAL and the next run converges, as after a crash.
   */
  public CrmSectionOutcome run(TenantConfig tenant, CrmSection section, RunContext run) {
    try (RunMeter meter = RunMeter.open()) {
      return run(tenant, section, run, meter);
    }
  }

  private CrmSectionOutcome run(TenantConfig tenant, CrmSection section, RunContext run, RunMeter meter) {
    boolean dryRun = run.request().dryRun();
    Instant started = clock.instant();
    long rowsRead = 0;
    long recordsRead = 0;
    long applied = 0;
    SyncPlan plan = null;
    List<String> notes = new ArrayList<>();
    try {
      SourceTable table = warehouse.describe(section.source());
      List<String> problems = CrmSchemaCheck.problems(section, table);
      if (!problems.isEmpty()) {
        throw new NeedsAttentionException(String.join("; ", problems));
      }
      Map<String, String> labels = labels(tenant.tenantId(), section.id(), run.runId());
      List<String> columns = new ArrayList<>();
      List<String> fields = new ArrayList<>();
      for (FieldMapping f : section.fields()) {
        columns.add(f.column());
        fields.add(f.crmField());
      }
      if (section.options().updatedAtColumn() != null && !columns.contains(section.options().updatedAtColumn())) {
        columns.add(section.options().updatedAtColumn());
        fields.add(section.options().updatedAtField());
      }
      CrmSyncPlanner planner = new CrmSyncPlanner(tenant.tenantId(), tenant.timeZone(), section, table, started);
      CrmRead read = incremental == null || tenant.connection().stateDataset() == null
          ? CrmRead.full(warehouse.readAll(section.source(), section.warehouseKey(), columns, labels,
              tenant.connection().maximumBytesBilled()), store.records(tenant.tenantId(), section.model(), section.id(),
              fields))
          : incremental.read(tenant, section, planner, columns, fields, labels, run.request().force());
      List<SourceRow> rows = read.rows();
      List<CrmRecord> records = read.records();
      rowsRead = rows.size();
      recordsRead = records.size();
      notes.addAll(read.notes());
      plan = planner.plan(rows, records, read.state());
      CrmRead sides = read;
      plan = MassChangeGuard.apply(plan, section.options().onDelete().massChangeShare(),
          run.request().allowMassChange(), () -> sides.incremental() ? incremental.population(tenant, sides, labels)
              : fullPopulation(section, planner, sides), planner::normalizeKey);
      if (!dryRun) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (FieldMapping f : section.fields()) {
          types.put(f.column(), table.column(f.column()).orElseThrow().type());
        }
        DeletePolicy onRecordDeleted = section.options().onDelete().recordDeleted();
        if (onRecordDeleted.action() == DeleteAction.ARCHIVE) {
          types.put(onRecordDeleted.target(), table.column(onRecordDeleted.target()).orElseThrow().type());
        }
        Lease lease = run.lease();
        if (!plan.warehouseWrites().isEmpty()) {
          lease = leases.renew(lease, leaseTtl);
        }
        // BigQuery first: the CRM's values and snapshots are written only after the MERGE succeeded.
        WarehouseWriteResult written = warehouse.merge(section.source(), section.warehouseKey(), types,
            plan.warehouseWrites(), labels, tenant.connection().maximumBytesBilled());
        // Rows BigQuery refused: rejected, and their keys' CRM writes dropped (no snapshot of a sync that failed).
        plan = plan.withRefused(written.refused(), planner::normalizeKey);
        List<SyncPlan.CrmWrite> writes = plan.crmWrites();
        for (int from = 0; from < writes.size(); from += CHUNK) {
          if (from > 0 && !clock.instant().isBefore(run.deadline())) {
            return outcome(section, dryRun, RunStatus.PARTIAL, plan, rowsRead, recordsRead, applied, meter, started,
                "the time budget ran out after " + applied + " of " + writes.size() + " CRM writes; the next run "
                + "completes them (BigQuery already holds this run's changes)", notes, null, null);
          }
          List<SyncPlan.CrmWrite> chunk = writes.subList(from, Math.min(writes.size(), from + CHUNK));
          store.write(tenant.tenantId(), section.model(), section.id(), chunk, lease);
          applied += chunk.size();
        }
        if (read.stateTable() != null) {
          // Last: the state, then the watermark. A crash before either leaves the old ones, and the
          // next run examines a superset of these keys and converges (docs/crm-sync.md).
          incremental.record(tenant, section, planner, read, plan, run, leases.renew(lease, leaseTtl), labels);
        }
      }
      // Held-back mass changes need a person: the rest of the section is synced, the run says what waits.
      RunStatus status = plan.heldBack().isEmpty() ? RunStatus.OK : RunStatus.PARTIAL;
      String heldBack = plan.heldBack().isEmpty() ? null : String.join("; ", plan.heldBack());
      return outcome(section, dryRun, status, plan, rowsRead, recordsRead, applied, meter, started, heldBack, notes,
          heldBack == null ? null : FailureKind.NEEDS_PERSON, null);
    } catch (RuntimeException e) {
      FailureOutcome failed = FailureOutcome.of(e);
      return outcome(section, dryRun, failed.status(), plan, rowsRead, recordsRead, applied, meter, started, failed.message(),
          notes, failed.kind(), failed.error());
    }
  }

  private CrmSectionOutcome outcome(CrmSection section, boolean dryRun, RunStatus status, SyncPlan plan, long rowsRead, long recordsRead,
      long applied, RunMeter meter, Instant started, String message, List<String> notes, FailureKind failure,
      Throwable error) {
    long millis = Duration.between(started, clock.instant()).toMillis();
    return new CrmSectionOutcome(section.id(), status, dryRun, plan, CrmCounts.of(plan, rowsRead, recordsRead, applied,
        meter.totals(), millis), message, notes, failure, error);
  }

  /** The sides as a full read saw them: the keyed records and the rows, before this run's changes. */
  private static MassChangeGuard.Population fullPopulation(CrmSection section, CrmSyncPlanner planner, CrmRead read) {
    long records = read.records().stream().filter(r -> ChangedKeys.keyOf(section, planner::normalizeKey, r) != null)
        .count();
    return new MassChangeGuard.Population(records, read.rows().size());
  }

  static Map<String, String> labels(String tenantId, String sectionId, String runId) {
    Map<String, String> labels = new LinkedHashMap<>(UsagePull.labels(tenantId, sectionId, runId));
    labels.put("bqsync", "crm-sync");
    return labels;
  }
}
