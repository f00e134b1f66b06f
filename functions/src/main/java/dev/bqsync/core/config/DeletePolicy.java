package dev.bqsync.core.config;

/**
 * One direction of a section's {@code onDelete}: the action, and for ARCHIVE the CRM field
 * (when a BigQuery row disappears) or the column (when a CRM record disappears) that marks it.
 */
public record DeletePolicy(DeleteAction action, String target) {
  public static final DeletePolicy IGNORE = new DeletePolicy(DeleteAction.IGNORE, null);

  public DeletePolicy {
    Check.present(action, "onDelete policy");
    if ((action == DeleteAction.ARCHIVE) != (target != null)) {
      throw new IllegalArgumentException(action == DeleteAction.ARCHIVE ? "ARCHIVE names the field or column it sets"
          : action + " names no field or column");
    }
  }

  public boolean acts() {
    return action != DeleteAction.IGNORE;
  }
}
