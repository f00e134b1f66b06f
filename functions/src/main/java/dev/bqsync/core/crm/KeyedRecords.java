package dev.bqsync.core.crm;

import dev.bqsync.core.config.CrmSection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How an incremental run finds CRM records deleted since the last run, which no change read
 * returns: the last run leaves how many records with a key its state holds live; this run expects
 * that many, plus changed records with a key the state does not hold live (created, or given a
 * key), minus changed ones it holds live that lost their key. The CRM's own count differing from
 * that means records were deleted (or keyed outside bqsync), and only a full read says which.
 */
public final class KeyedRecords {
  private KeyedRecords() {}

  /** The keyed records the CRM holds now if none was deleted; {@code examined} is the state of the examined keys. */
  public static long expected(CrmSection section, UnaryOperator<String> matchKey, long before,
      List<CrmRecord> changed, Map<String, SyncedKey> examined) {
    Set<String> live = liveIds(examined.values());
    long expected = before;
    Set<String> seen = new HashSet<>();
    for (CrmRecord record : changed) {
      if (!seen.add(record.id())) {
        continue;
      }
      boolean keyed = ChangedKeys.keyOf(section, matchKey, record) != null;
      if (keyed && !live.contains(record.id())) {
        expected++;
      } else if (!keyed && live.contains(record.id())) {
        expected--;
      }
    }
    return expected;
  }

  /** After a full run (every key examined): every keyed record the new state holds live. */
  public static long afterFull(Collection<String> examined, Map<String, SyncedKey> previous,
      NextSyncState.Change change) {
    return liveAfter(examined, previous, change).size();
  }

  /** After an incremental run: the count before, moved by what the run changed for the keys it examined. */
  public static long afterIncremental(long before, Collection<String> examined, Map<String, SyncedKey> previous,
      NextSyncState.Change change) {
    List<SyncedKey> was = new ArrayList<>();
    for (String key : examined) {
      SyncedKey entry = previous.get(key);
      if (entry != null) {
        was.add(entry);
      }
    }
    return before + liveAfter(examined, previous, change).size() - liveIds(was).size();
  }

  /** The live record ids of the examined keys once the change is applied (an entry not in it stays as it was). */
  private static Set<String> liveAfter(Collection<String> examined, Map<String, SyncedKey> previous,
      NextSyncState.Change change) {
    Map<String, SyncedKey> upserted = new java.util.HashMap<>();
    change.upserts().forEach(k -> upserted.put(k.key(), k));
    Set<String> removed = new HashSet<>(change.removals());
    List<SyncedKey> after = new ArrayList<>();
    for (String key : examined) {
      SyncedKey entry = upserted.containsKey(key) ? upserted.get(key) : removed.contains(key) ? null : previous.get(key);
      if (entry != null) {
        after.add(entry);
      }
    }
    return liveIds(after);
  }

  private static Set<String> liveIds(Collection<SyncedKey> entries) {
    Set<String> ids = new HashSet<>();
    for (SyncedKey entry : entries) {
      if (!entry.recordDeleted()) {
        ids.addAll(entry.recordIds());
      }
    }
    return ids;
  }
}
