package dev.bqsync.core.crm;

import dev.bqsync.core.config.CrmKey;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.usage.SourceRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What a run leaves in the section's state for the keys it examined: computed from the rows and
 * records it read (rows carry BigQuery's hash of their mapped columns in {@link #ROW_HASH}), the
 * plan it applied (after BigQuery's refusals) and the previous state. A row this run wrote gets no
 * hash, so the next run examines it once more; a side that disappeared stays as a tombstone so the
 * deletion is neither undone nor counted again; a key gone from both sides leaves the state. An
 * entry equal to the previous one is not in the change: it stays as it is.
 */
public final class NextSyncState {
  /** The column the warehouse adapter returns each row's hash in; {@code _bqsync_} names are bqsync's own. */
  public static final String ROW_HASH = "_bqsync_row_hash";

  /** Keys to write (upserts) and keys to remove from the state. */
  public record Change(List<SyncedKey> upserts, List<String> removals) {}

  private NextSyncState() {}

  public static Change of(CrmSection section, UnaryOperator<String> matchKey, Collection<String> examined,
      List<SourceRow> rows, List<CrmRecord> records, SyncPlan plan, Map<String, SyncedKey> previous) {
    Map<String, List<SourceRow>> rowsByKey = new HashMap<>();
    for (SourceRow row : rows) {
      if (row.key() != null && !row.key().toString().isBlank()) {
        rowsByKey.computeIfAbsent(matchKey.apply(row.key().toString()), k -> new ArrayList<>()).add(row);
      }
    }
    Map<String, Set<String>> recordsByKey = new HashMap<>();
    for (CrmRecord record : records) {
      Object raw = section.crmKey() == CrmKey.ID ? record.id() : record.field(section.crmKey().field());
      if (raw != null && !raw.toString().isBlank()) {
        recordsByKey.computeIfAbsent(matchKey.apply(raw.toString()), k -> new TreeSet<>()).add(record.id());
      }
    }
    Map<String, String> written = new HashMap<>(); // key -> the key as the written row holds it
    Set<String> rowsRemoved = new HashSet<>(); // keys whose row this run deleted (onDelete DELETE)
    for (SyncPlan.WarehouseWrite w : plan.warehouseWrites()) {
      if (w.deletes()) {
        rowsRemoved.add(matchKey.apply(w.key()));
      } else {
        written.put(matchKey.apply(w.key()), w.key());
      }
    }
    Map<String, String> created = new HashMap<>();
    Set<String> recordsRemoved = new HashSet<>();
    for (SyncPlan.CrmWrite w : plan.crmWrites()) {
      if (w.create()) {
        created.put(w.key(), w.recordId());
      } else if (w.deletes()) {
        recordsRemoved.add(w.recordId());
      }
    }
    Set<String> keys = new LinkedHashSet<>(examined);
    List<SyncedKey> upserts = new ArrayList<>();
    List<String> removals = new ArrayList<>();
    for (String key : keys) {
      SyncedKey before = previous.get(key);
      List<SourceRow> carriers = rowsRemoved.contains(key) ? List.of() : rowsByKey.getOrDefault(key, List.of());
      Set<String> live = new TreeSet<>(recordsByKey.getOrDefault(key, Set.of()));
      live.removeAll(recordsRemoved);
      Set<String> ids = new TreeSet<>(live);
      if (created.containsKey(key)) {
        ids.add(created.get(key));
      }
      String warehouseKey = !carriers.isEmpty() ? carriers.get(0).key().toString() : written.get(key);
      // A rejected key (held back by the guard, refused by BigQuery) keeps its deletions unseen, so
      // the run that may act on them finds them again.
      boolean rejected = plan.rejectedKeys().containsKey(key);
      boolean rowDeleted = false;
      if (warehouseKey == null && before != null && before.hadRow()) {
        warehouseKey = before.warehouseKey();
        rowDeleted = !rejected || before.rowDeleted();
      }
      boolean recordDeleted = false;
      if (ids.isEmpty() && before != null && before.hadRecord()) {
        ids.addAll(before.recordIds());
        recordDeleted = !rejected || before.recordDeleted();
      }
      boolean rowNow = !carriers.isEmpty() || written.containsKey(key);
      boolean recordNow = !live.isEmpty() || created.containsKey(key);
      if (!rowNow && !recordNow) {
        if (before != null) {
          removals.add(key); // gone from both sides: nothing left to delete or re-create
        }
        continue;
      }
      Long hash = carriers.size() == 1 && !written.containsKey(key) ? hashOf(carriers.get(0)) : null;
      SyncedKey next = new SyncedKey(key, warehouseKey, List.copyOf(ids), hash, plan.rejectedKeys().get(key), rowDeleted,
          recordDeleted);
      if (!next.equals(before)) { // an entry that stays as it was is not written again (a full run's most keys)
        upserts.add(next);
      }
    }
    return new Change(upserts, removals);
  }

  private static Long hashOf(SourceRow row) {
    Object hash = row.value(ROW_HASH);
    return hash instanceof Number n ? n.longValue() : null;
  }
}
