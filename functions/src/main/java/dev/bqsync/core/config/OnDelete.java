package dev.bqsync.core.config;

/**
 * A CRM section's delete policies and its mass-change guard: {@code rowDeleted} acts on the CRM
 * record whose BigQuery row disappeared, {@code recordDeleted} on the row whose CRM record
 * disappeared. {@code massChangeShare} is the share of a side that one run may delete, clear or
 * blank (per field) before those changes are held back.
 */
public record OnDelete(DeletePolicy rowDeleted, DeletePolicy recordDeleted, double massChangeShare) {
  public static final double DEFAULT_SHARE = 0.10;
  public static final OnDelete DEFAULTS = new OnDelete(DeletePolicy.IGNORE, DeletePolicy.IGNORE, DEFAULT_SHARE);

  public OnDelete {
    Check.present(rowDeleted, "rowDeleted");
    Check.present(recordDeleted, "recordDeleted");
    if (!(massChangeShare > 0 && massChangeShare <= 1)) {
      throw new IllegalArgumentException("massChangeShare must be more than 0 and at most 1");
    }
  }
}
