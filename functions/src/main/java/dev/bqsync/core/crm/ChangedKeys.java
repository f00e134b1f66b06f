package dev.bqsync.core.crm;

import dev.bqsync.core.config.CrmKey;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.usage.SourceRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The keys an incremental run examines, and what it still has to read for them. The change query
 * returned the BigQuery rows and state entries of every key changed in BigQuery, named by the CRM's
 * changed records, or re-examined (rejected, written last run); the CRM change read returned the
 * records changed since the watermark. The examined keys are the union; the CRM records of those
 * keys that did not change are fetched by the ids the state holds. A record is given to the planner
 * only while it carries an examined key: every record that carries one is either among the changed
 * records or held by that key's state (it carried the key when the key was last examined, and any
 * write since then is a change), so the planner sees every carrier, as a full read would.
 */
public record ChangedKeys(Set<String> keys, List<String> recordIdsToFetch) {
  public static ChangedKeys of(CrmSection section, UnaryOperator<String> matchKey, List<SourceRow> rows,
      Map<String, SyncedKey> state, List<CrmRecord> changedRecords) {
    Set<String> keys = new LinkedHashSet<>();
    for (SourceRow row : rows) {
      if (row.key() != null && !row.key().toString().isBlank()) {
        keys.add(matchKey.apply(row.key().toString()));
      }
    }
    keys.addAll(state.keySet());
    Set<String> changedIds = new HashSet<>();
    for (CrmRecord record : changedRecords) {
      changedIds.add(record.id());
      String key = keyOf(section, matchKey, record);
      if (key != null) {
        keys.add(key);
      }
    }
    Set<String> fetch = new LinkedHashSet<>();
    for (String key : keys) {
      SyncedKey synced = state.get(key);
      if (synced != null) {
        synced.recordIds().stream().filter(id -> !changedIds.contains(id)).forEach(fetch::add);
      }
    }
    return new ChangedKeys(Set.copyOf(keys), List.copyOf(fetch));
  }

  /** The records the planner sees: the changed ones, and the fetched ones that still carry an examined key. */
  public List<CrmRecord> records(CrmSection section, UnaryOperator<String> matchKey, List<CrmRecord> changedRecords,
      Collection<CrmRecord> fetched) {
    List<CrmRecord> records = new ArrayList<>(changedRecords);
    Set<String> ids = new HashSet<>();
    changedRecords.forEach(r -> ids.add(r.id()));
    for (CrmRecord record : fetched) {
      String key = keyOf(section, matchKey, record);
      if (key != null && keys.contains(key) && ids.add(record.id())) {
        records.add(record);
      }
    }
    return records;
  }

  /** The key a record carries as the planner matches it, or null. */
  public static String keyOf(CrmSection section, UnaryOperator<String> matchKey, CrmRecord record) {
    Object raw = section.crmKey() == CrmKey.ID ? record.id() : record.field(section.crmKey().field());
    return raw == null || raw.toString().isBlank() ? null : matchKey.apply(raw.toString());
  }
}
