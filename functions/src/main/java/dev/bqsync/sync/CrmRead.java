package dev.bqsync.sync;

import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.SyncedKey;
import dev.bqsync.core.usage.SourceRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a CRM section's run read: the rows and records to plan with, and, for a tenant with a state
 * dataset, the state of the examined keys, the keys examined, the state table, the CRM read time
 * the next watermark is, whether the old state is discarded (the mapping changed), and notes for
 * the run record (full or incremental, and why), and whether it read only the changes
 * ({@code incremental}: the rows and records are not the whole of either side), with the keyed CRM
 * records the state held live before it ({@code keyedBefore}, incremental reads only).
 */
record CrmRead(List<SourceRow> rows, List<CrmRecord> records, Map<String, SyncedKey> state, Set<String> examined,
    TableRef stateTable, Instant readTime, boolean resetState, List<String> notes, boolean incremental,
    Long keyedBefore) {
  static CrmRead full(List<SourceRow> rows, List<CrmRecord> records) {
    return new CrmRead(rows, records, null, null, null, null, false, List.of(), false, null);
  }
}
