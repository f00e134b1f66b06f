package dev.bqsync.sync;

import dev.bqsync.core.crm.SyncPlan;

/** The counters of one CRM section's run (or plan), in the order the run record and the answer show them. */
public record CrmCounts(long rowsRead, long recordsRead, long matched, long onlyInWarehouse, long onlyInCrm,
    long crmRecordsWithoutKey, long crmCreates, long crmUpdates, long crmWrites, long crmWritesApplied,
    long warehouseInserts, long warehouseUpdates, long conflicts, long rowsRejected, long bigQueryJobs,
    long durationMs) {
  public static final CrmCounts NONE = new CrmCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  static CrmCounts of(SyncPlan p, long rowsRead, long recordsRead, long crmWritesApplied, long jobs, long durationMs) {
    if (p == null) {
      return new CrmCounts(rowsRead, recordsRead, 0, 0, 0, 0, 0, 0, 0, crmWritesApplied, 0, 0, 0, 0, jobs, durationMs);
    }
    return new CrmCounts(rowsRead, recordsRead, p.matched(), p.onlyInWarehouse(), p.onlyInCrm(),
        p.crmRecordsWithoutKey(), p.crmCreates(), p.crmUpdates(), p.crmWrites().size(), crmWritesApplied,
        p.warehouseInserts(), p.warehouseUpdates(), p.conflicts(),
        p.rejectedByReason().values().stream().mapToLong(Long::longValue).sum(), jobs, durationMs);
  }
}
