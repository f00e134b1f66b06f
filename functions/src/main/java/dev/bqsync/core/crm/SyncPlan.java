package dev.bqsync.core.crm;

import dev.bqsync.core.state.RejectedRow;
import java.util.List;
import java.util.Map;

/**
 * What a CRM section's run will do, computed before anything is written (and all a dry run does):
 * the CRM writes (values and this section's snapshot, in one document write each), the BigQuery
 * rows to MERGE (only the columns that change), conflicts, rejections, counts, and the fields whose
 * values the other side cannot hold exactly (one example each).
 */
public record SyncPlan(
    List<CrmWrite> crmWrites,
    List<WarehouseWrite> warehouseWrites,
    Map<String, Long> changesByField,
    List<Conflict> conflictSamples,
    long conflicts,
    Map<String, Long> rejectedByReason,
    List<RejectedRow> rejectedSamples,
    long matched,
    long onlyInWarehouse,
    long onlyInCrm,
    long crmRecordsWithoutKey,
    List<RoundTripLoss> losses) {

  /** A CRM record to create or update: the fields to set, and this section's whole new snapshot. */
  public record CrmWrite(String recordId, String key, boolean create, Map<String, Object> values,
      Map<String, String> snapshot) {}

  /**
   * A BigQuery row to insert or update; {@code values} holds only the columns to set. {@code key} is
   * the key exactly as the row holds it (or will hold it), which is what the MERGE matches: for EMAIL
   * sections the row's own spelling, never the normalised form the plan matched it by.
   */
  public record WarehouseWrite(String key, boolean insert, Map<String, Object> values) {}

  /** A field that changed on both sides (or differed before the first sync), and who won. */
  public record Conflict(String key, String field, TypedValue crmValue, TypedValue warehouseValue, Side winner) {}

  public long crmCreates() {
    return crmWrites.stream().filter(CrmWrite::create).count();
  }

  public long crmUpdates() {
    return crmWrites.stream().filter(w -> !w.create() && !w.values().isEmpty()).count();
  }

  public long warehouseInserts() {
    return warehouseWrites.stream().filter(WarehouseWrite::insert).count();
  }

  public long warehouseUpdates() {
    return warehouseWrites.stream().filter(w -> !w.insert()).count();
  }
}
