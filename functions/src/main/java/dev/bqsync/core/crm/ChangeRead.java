package dev.bqsync.core.crm;

import dev.bqsync.core.usage.SourceRow;
import java.util.List;
import java.util.Map;

/**
 * What the change query returned: the BigQuery rows of the examined keys (each with its hash in
 * {@link NextSyncState#ROW_HASH}) and the state of the examined keys, by key.
 */
public record ChangeRead(List<SourceRow> rows, Map<String, SyncedKey> state) {
  public ChangeRead {
    rows = List.copyOf(rows);
    state = Map.copyOf(state);
  }
}
