package dev.bqsync.core.config;

/**
 * How a CRM section resolves conflicts and creates records. NEWEST needs an updated-at column in
 * BigQuery and an updated-at field in the CRM (TIMESTAMP, DATETIME or DATE values).
 */
public record CrmSyncOptions(ConflictPolicy conflictPolicy, String updatedAtColumn, String updatedAtField,
    boolean createInCrm, boolean createInWarehouse) {
  public static final CrmSyncOptions DEFAULTS = new CrmSyncOptions(ConflictPolicy.WAREHOUSE_WINS, null, null, true, true);

  public CrmSyncOptions {
    Check.present(conflictPolicy, "conflictPolicy");
    if (updatedAtColumn != null) {
      Check.valid(Identifiers.columnProblem(updatedAtColumn), "updatedAtColumn");
    }
    if (conflictPolicy == ConflictPolicy.NEWEST && (updatedAtColumn == null || updatedAtField == null)) {
      throw new IllegalArgumentException("conflictPolicy NEWEST needs updatedAtColumn and updatedAtField");
    }
  }
}
