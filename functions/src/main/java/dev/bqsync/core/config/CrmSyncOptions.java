package dev.bqsync.core.config;

/**
 * How a CRM section resolves conflicts and creates records. NEWEST needs an updated-at column in
 * BigQuery and an updated-at field in the CRM (TIMESTAMP, DATETIME or DATE values).
 */
public record CrmSyncOptions(ConflictPolicy conflictPolicy, String updatedAtColumn, String updatedAtField,
    boolean createInCrm, boolean createInWarehouse, OnDelete onDelete) {
  public static final CrmSyncOptions DEFAULTS = new CrmSyncOptions(ConflictPolicy.WAREHOUSE_WINS, null, null, true, true);

  /** Options whose deletes are ignored, with the default mass-change guard. */
  public CrmSyncOptions(ConflictPolicy conflictPolicy, String updatedAtColumn, String updatedAtField,
      boolean createInCrm, boolean createInWarehouse) {
    this(conflictPolicy, updatedAtColumn, updatedAtField, createInCrm, createInWarehouse, OnDelete.DEFAULTS);
  }

  public CrmSyncOptions {
    Check.present(conflictPolicy, "conflictPolicy");
    onDelete = onDelete == null ? OnDelete.DEFAULTS : onDelete;
    if (updatedAtColumn != null) {
      Check.valid(Identifiers.columnProblem(updatedAtColumn), "updatedAtColumn");
    }
    if (conflictPolicy == ConflictPolicy.NEWEST && (updatedAtColumn == null || updatedAtField == null)) {
      throw new IllegalArgumentException("conflictPolicy NEWEST needs updatedAtColumn and updatedAtField");
    }
  }
}
