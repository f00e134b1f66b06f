package dev.bqsync.sync;

import dev.bqsync.core.RunMeter;
import dev.bqsync.core.crm.MassChangeGuard;
import dev.bqsync.core.crm.SyncPlan;

/**
 * The counters of one CRM section's run (or plan), in the order the run record and the answer show
 * them. {@code rowsDisappeared}/{@code recordsDisappeared}: deletions found this run (from the
 * state); {@code crmDeletes}/{@code warehouseDeletes}: records and rows onDelete DELETE removes
 * (CLEAR and ARCHIVE count as updates); {@code keysHeldBack}: keys the mass-change guard held back.
 * The cost: {@code bigQueryJobs}, their {@code bytesProcessed} and {@code bigQueryMs} (the time
 * BigQuery ran them, start to end: the part of {@code durationMs} that is BigQuery's), {@code rowsTransferred} from
 * BigQuery to the function, {@code crmReads} (documents, as Firestore bills them), counted by the
 * adapters on the run's {@link RunMeter}.
 */
public record CrmCounts(long rowsRead, long recordsRead, long matched, long onlyInWarehouse, long onlyInCrm,
    long crmRecordsWithoutKey, long crmCreates, long crmUpdates, long crmWrites, long crmWritesApplied,
    long warehouseInserts, long warehouseUpdates, long conflicts, long rowsRejected, long rowsDisappeared,
    long recordsDisappeared, long crmDeletes, long warehouseDeletes, long keysHeldBack, long bigQueryJobs,
    long bytesProcessed, long bigQueryMs, long rowsTransferred, long crmReads, long durationMs) {
  public static final CrmCounts NONE = new CrmCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0);

  static CrmCounts of(SyncPlan p, long rowsRead, long recordsRead, long crmWritesApplied, RunMeter.Totals cost,
      long durationMs) {
    if (p == null) {
      return new CrmCounts(rowsRead, recordsRead, 0, 0, 0, 0, 0, 0, 0, crmWritesApplied, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          cost.bigQueryJobs(), cost.bytesProcessed(), cost.bigQueryMs(), cost.rowsTransferred(), cost.crmReads(),
          durationMs);
    }
    return new CrmCounts(rowsRead, recordsRead, p.matched(), p.onlyInWarehouse(), p.onlyInCrm(),
        p.crmRecordsWithoutKey(), p.crmCreates(), p.crmUpdates(), p.crmWrites().size(), crmWritesApplied,
        p.warehouseInserts(), p.warehouseUpdates(), p.conflicts(),
        p.rejectedByReason().values().stream().mapToLong(Long::longValue).sum(), p.deletions().rowsDeleted(),
        p.deletions().recordsDeleted(), p.crmDeletes(), p.warehouseDeletes(),
        p.rejectedKeys().values().stream().filter(MassChangeGuard.HELD_BACK::equals).count(), cost.bigQueryJobs(),
        cost.bytesProcessed(), cost.bigQueryMs(), cost.rowsTransferred(), cost.crmReads(), durationMs);
  }
}
