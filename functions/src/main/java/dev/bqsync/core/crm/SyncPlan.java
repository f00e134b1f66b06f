package dev.bqsync.core.crm;

import dev.bqsync.core.config.DeleteAction;
import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.usage.RejectionReason;
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
    List<RoundTripLoss> losses,
    Map<String, String> rejectedKeys,
    KeyDeletions deletions,
    List<String> heldBack) {

  /**
   * Every key rejected (as the planner matches it), with its reason: the state re-examines them every
   * run. {@code heldBack} says, one sentence each, which mass changes the guard held back.
   */
  public SyncPlan {
    rejectedKeys = Map.copyOf(rejectedKeys);
    heldBack = List.copyOf(heldBack);
  }

  /** A plan nothing was held back from. */
  public SyncPlan(List<CrmWrite> crmWrites, List<WarehouseWrite> warehouseWrites, Map<String, Long> changesByField,
      List<Conflict> conflictSamples, long conflicts, Map<String, Long> rejectedByReason,
      List<RejectedRow> rejectedSamples, long matched, long onlyInWarehouse, long onlyInCrm, long crmRecordsWithoutKey,
      List<RoundTripLoss> losses, Map<String, String> rejectedKeys, KeyDeletions deletions) {
    this(crmWrites, warehouseWrites, changesByField, conflictSamples, conflicts, rejectedByReason, rejectedSamples,
        matched, onlyInWarehouse, onlyInCrm, crmRecordsWithoutKey, losses, rejectedKeys, deletions, List.of());
  }

  /**
   * A CRM record to create or update (the fields to set, and this section's whole new snapshot), or
   * to delete. {@code deletion} is the onDelete action this write carries out because the key's
   * BigQuery row disappeared (null: an ordinary write): DELETE removes the record, CLEAR and ARCHIVE
   * are updates the mass-change guard counts as deletions.
   */
  public record CrmWrite(String recordId, String key, boolean create, Map<String, Object> values,
      Map<String, String> snapshot, DeleteAction deletion) {
    public CrmWrite(String recordId, String key, boolean create, Map<String, Object> values,
        Map<String, String> snapshot) {
      this(recordId, key, create, values, snapshot, null);
    }

    public boolean deletes() {
      return deletion == DeleteAction.DELETE;
    }
  }

  /**
   * A BigQuery row to insert or update; {@code values} holds only the columns to set. {@code key} is
   * the key exactly as the row holds it (or will hold it), which is what the MERGE matches: for EMAIL
   * sections the row's own spelling, never the normalised form the plan matched it by.
   */
  public record WarehouseWrite(String key, boolean insert, Map<String, Object> values, DeleteAction deletion) {
    public WarehouseWrite(String key, boolean insert, Map<String, Object> values) {
      this(key, insert, values, null);
    }

    /** The row is deleted (onDelete DELETE because its CRM record disappeared). */
    public boolean deletes() {
      return deletion == DeleteAction.DELETE;
    }
  }

  /** A field that changed on both sides (or differed before the first sync), and who won. */
  public record Conflict(String key, String field, TypedValue crmValue, TypedValue warehouseValue, Side winner) {}

  /**
   * This plan after BigQuery refused some of its rows when they were written: those rows are
   * rejected (WAREHOUSE_REFUSED, with BigQuery's message) and the CRM writes of their keys are
   * dropped, so the CRM records no snapshot of a sync that did not happen; the next run plans the
   * key again. {@code matchKey} turns a row's key into the key the plan matched it by.
   */
  public SyncPlan withRefused(List<RejectedRow> refused, java.util.function.UnaryOperator<String> matchKey) {
    if (refused.isEmpty()) {
      return this;
    }
    java.util.Set<String> rowKeys = new java.util.HashSet<>();
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (RejectedRow row : refused) {
      rowKeys.add(row.key());
      keys.add(matchKey.apply(row.key()));
    }
    Map<String, Long> byReason = new java.util.LinkedHashMap<>(rejectedByReason);
    byReason.merge(RejectionReason.WAREHOUSE_REFUSED.name(), (long) refused.size(), Long::sum);
    List<RejectedRow> samples = new java.util.ArrayList<>(rejectedSamples);
    for (RejectedRow row : refused) {
      if (samples.size() < RunRecord.MAX_SAMPLES) {
        samples.add(row);
      }
    }
    Map<String, String> rejected = new java.util.HashMap<>(rejectedKeys);
    keys.forEach(k -> rejected.putIfAbsent(k, RejectionReason.WAREHOUSE_REFUSED.name()));
    return new SyncPlan(crmWrites.stream().filter(w -> !keys.contains(w.key())).toList(),
        warehouseWrites.stream().filter(w -> !rowKeys.contains(w.key())).toList(), changesByField, conflictSamples,
        conflicts, byReason, samples, matched, onlyInWarehouse, onlyInCrm, crmRecordsWithoutKey, losses, rejected,
        deletions, heldBack);
  }

  /** CRM records this plan deletes (onDelete DELETE because their BigQuery rows disappeared). */
  public long crmDeletes() {
    return crmWrites.stream().filter(CrmWrite::deletes).count();
  }

  /** BigQuery rows this plan deletes (onDelete DELETE because their CRM records disappeared). */
  public long warehouseDeletes() {
    return warehouseWrites.stream().filter(WarehouseWrite::deletes).count();
  }

  public long crmCreates() {
    return crmWrites.stream().filter(CrmWrite::create).count();
  }

  public long crmUpdates() {
    return crmWrites.stream().filter(w -> !w.create() && !w.deletes() && !w.values().isEmpty()).count();
  }

  public long warehouseInserts() {
    return warehouseWrites.stream().filter(WarehouseWrite::insert).count();
  }

  public long warehouseUpdates() {
    return warehouseWrites.stream().filter(w -> !w.insert() && !w.deletes()).count();
  }
}
