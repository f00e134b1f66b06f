package dev.bqsync.sync;

import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.FieldMapping;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.CrmSchemaCheck;
import dev.bqsync.core.crm.CrmSyncPlanner;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
import dev.bqsync.port.CrmStore;
import dev.bqsync.port.CrmWarehouse;
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
  private final CrmWarehouse warehouse;
  private final CrmStore store;
  private final Clock clock;

  public CrmSync(CrmWarehouse warehouse, CrmStore store, Clock clock) {
    this.warehouse = warehouse;
    this.store = store;
    this.clock = clock;
  }

  public CrmSectionOutcome run(TenantConfig tenant, CrmSection section, String runId, boolean dryRun) {
    Instant started = clock.instant();
    int jobs = 0;
    long rowsRead = 0;
    long recordsRead = 0;
    SyncPlan plan = null;
    try {
      SourceTable table = warehouse.describe(section.source());
      List<String> problems = CrmSchemaCheck.problems(section, table);
      if (!problems.isEmpty()) {
        throw new NeedsAttentionException(String.join("; ", problems));
      }
      Map<String, String> labels = labels(tenant.tenantId(), section.id(), runId);
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
      List<SourceRow> rows = warehouse.readAll(section.source(), section.warehouseKey(), columns, labels,
          tenant.connection().maximumBytesBilled());
      jobs++;
      List<CrmRecord> records = store.records(tenant.tenantId(), section.model(), section.id(), fields);
      rowsRead = rows.size();
      recordsRead = records.size();
      plan = new CrmSyncPlanner(tenant.tenantId(), section, table).plan(rows, records);
      if (!dryRun) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (FieldMapping f : section.fields()) {
          types.put(f.column(), table.column(f.column()).orElseThrow().type());
        }
        // BigQuery first: the CRM's values and snapshots are written only after the MERGE succeeded.
        jobs += warehouse.merge(section.source(), section.warehouseKey(), types, plan.warehouseWrites(), labels,
            tenant.connection().maximumBytesBilled());
        store.write(tenant.tenantId(), section.model(), section.id(), plan.crmWrites());
      }
      return new CrmSectionOutcome(section.id(), RunStatus.OK, dryRun, plan, rowsRead, recordsRead, jobs,
          millisSince(started), null, false);
    } catch (NeedsAttentionException e) {
      return new CrmSectionOutcome(section.id(), RunStatus.FAILED, dryRun, plan, rowsRead, recordsRead, jobs,
          millisSince(started), e.getMessage(), false);
    } catch (RuntimeException e) {
      return new CrmSectionOutcome(section.id(), RunStatus.FAILED, dryRun, plan, rowsRead, recordsRead, jobs,
          millisSince(started), "transient failure, will be retried: " + e.getMessage(), true);
    }
  }

  static Map<String, String> labels(String tenantId, String sectionId, String runId) {
    Map<String, String> labels = new LinkedHashMap<>(UsagePull.labels(tenantId, sectionId, runId));
    labels.put("bqsync", "crm-sync");
    return labels;
  }

  private long millisSince(Instant started) {
    return Duration.between(started, clock.instant()).toMillis();
  }
}
