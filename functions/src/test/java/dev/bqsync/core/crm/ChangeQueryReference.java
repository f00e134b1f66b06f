package dev.bqsync.core.crm;

import dev.bqsync.core.Sha256;
import dev.bqsync.core.usage.SourceRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The change query's rule in Java, over lists (the incremental sync's BigQuery side without
 * BigQuery): which rows and state entries an incremental run examines. The property test plans
 * with it; the emulator test checks the real SQL returns the same.
 */
public final class ChangeQueryReference {
  /** What the change query returns: the examined rows and the state of the examined keys. */
  public record Result(List<SourceRow> rows, Map<String, SyncedKey> state) {}

  private ChangeQueryReference() {}

  public static Result select(List<SourceRow> rows, Map<String, SyncedKey> state, UnaryOperator<String> matchKey,
      Set<String> crmKeys, Set<String> crmIds) {
    Map<String, Integer> carriers = new HashMap<>();
    for (SourceRow row : rows) {
      if (usable(row)) {
        carriers.merge(matchKey.apply(row.key().toString()), 1, Integer::sum);
      }
    }
    List<SourceRow> examined = new ArrayList<>();
    Map<String, SyncedKey> examinedState = new LinkedHashMap<>();
    for (SourceRow row : rows) {
      if (!usable(row)) {
        examined.add(row); // NULL_KEY and EMPTY_KEY: reported every run
        continue;
      }
      String raw = row.key().toString();
      String key = matchKey.apply(raw);
      SyncedKey st = state.get(key);
      boolean pick = !raw.chars().allMatch(c -> c >= 0x20 && c <= 0x7e) || carriers.get(key) > 1 || st == null
          || st.rejected() != null || st.rowHash() == null || !st.rowHash().equals(hashOf(row))
          || named(st, key, crmKeys, crmIds);
      if (pick) {
        examined.add(row);
        if (st != null) {
          examinedState.put(key, st);
        }
      }
    }
    for (SyncedKey st : state.values()) {
      boolean rowThere = carriers.containsKey(st.key());
      if (!rowThere && ((st.hadRow() && !st.rowDeleted()) || st.rejected() != null
          || named(st, st.key(), crmKeys, crmIds))) {
        examinedState.put(st.key(), st);
      }
    }
    return new Result(examined, examinedState);
  }

  private static boolean named(SyncedKey st, String key, Set<String> crmKeys, Set<String> crmIds) {
    return crmKeys.contains(key) || (st != null && st.recordIds().stream().anyMatch(crmIds::contains));
  }

  private static boolean usable(SourceRow row) {
    return row.key() != null && !row.key().toString().isBlank();
  }

  /** The hash BigQuery returned with the row. */
  private static long hashOf(SourceRow row) {
    return ((Number) row.value(NextSyncState.ROW_HASH)).longValue();
  }

  /** A stand-in for BigQuery's FARM_FINGERPRINT of the row's key and mapped columns. */
  public static long hash(SourceRow row) {
    Map<String, Object> values = new java.util.TreeMap<>(row.values());
    values.remove(NextSyncState.ROW_HASH);
    return Long.parseUnsignedLong(Sha256.hex(row.key() + "\u0000" + values).substring(0, 15), 16);
  }
}
