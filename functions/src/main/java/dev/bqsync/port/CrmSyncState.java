package dev.bqsync.port;

import dev.bqsync.core.config.DatasetRef;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.crm.ChangeRead;
import dev.bqsync.core.crm.NextSyncState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CRM section's last-synced state, kept in the tenant's BigQuery next to the work it describes:
 * the change query that compares the source with it, and the write that records a run.
 */
public interface CrmSyncState {
  /** The section's state table, with its dataset and the table created when missing. */
  TableRef prepare(DatasetRef dataset, String location, String sectionId, Map<String, String> labels);

  /**
   * One query: the source rows and state entries of every key that changed in BigQuery, appeared,
   * disappeared, was rejected or written last time, or is named by the CRM's changed records
   * ({@code crmKeys} as the planner matches them, {@code crmIds}); with {@code full}, every row and
   * entry. {@code emailKey}: keys match trimmed and lower-cased.
   */
  ChangeRead changes(TableRef source, String keyColumn, boolean emailKey, List<String> columns, TableRef state,
      Set<String> crmKeys, Set<String> crmIds, boolean full, Map<String, String> labels, Long maximumBytesBilled);

  /**
   * How many keys the state holds with a live CRM record and with a live BigQuery row: the sides
   * as the last runs left them, which the mass-change guard weighs an incremental run's deletions
   * and blankings against. One small query, asked only when a run has such changes.
   */
  dev.bqsync.core.crm.MassChangeGuard.Population population(TableRef state, Map<String, String> labels,
      Long maximumBytesBilled);

  /** Records what a run left for the keys it examined; returns the BigQuery jobs it took. */
  int write(TableRef state, NextSyncState.Change change, String runId, Instant syncedAt, Map<String, String> labels,
      Long maximumBytesBilled);
}
