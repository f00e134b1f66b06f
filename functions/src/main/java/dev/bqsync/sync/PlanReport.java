package dev.bqsync.sync;

import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.crm.TypedValue;
import dev.bqsync.core.state.RejectedRow;
import java.util.Map;

/** A CRM section's plan in words, as `bqsync sync crm --dry-run` prints it. */
public record PlanReport(CrmSectionOutcome outcome) {
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("Section ").append(outcome.sectionId()).append(": ").append(outcome.status())
        .append(outcome.dryRun() ? " (dry run: nothing written)" : "").append('\n');
    if (outcome.message() != null) {
      out.append("  ").append(outcome.message()).append('\n');
    }
    SyncPlan p = outcome.plan();
    if (p == null) {
      return out.toString();
    }
    out.append(String.format("  read %d BigQuery row(s) and %d CRM record(s): %d matched, %d only in BigQuery, "
        + "%d only in the CRM, %d CRM record(s) without a key%n", outcome.rowsRead(), outcome.recordsRead(), p.matched(),
        p.onlyInWarehouse(), p.onlyInCrm(), p.crmRecordsWithoutKey()));
    if (p.deletions().rowsDeleted() + p.deletions().recordsDeleted() > 0) {
      out.append(String.format("  deletions found: %d BigQuery row(s) and %d CRM record(s) gone since the last sync "
          + "(neither is re-created)%n", p.deletions().rowsDeleted(), p.deletions().recordsDeleted()));
    }
    out.append(String.format("  CRM:      %d to create, %d to update, %d to delete (%d document write(s) with "
        + "snapshots)%n", p.crmCreates(), p.crmUpdates(), p.crmDeletes(), p.crmWrites().size()));
    out.append(String.format("  BigQuery: %d to insert, %d to update, %d to delete, in one MERGE%n",
        p.warehouseInserts(), p.warehouseUpdates(), p.warehouseDeletes()));
    p.heldBack().forEach(h -> out.append("  ").append(h).append('\n'));
    if (!p.changesByField().isEmpty()) {
      out.append("  changes by field:\n");
      for (Map.Entry<String, Long> e : p.changesByField().entrySet()) {
        out.append(String.format("    %-24s %d%n", e.getKey(), e.getValue()));
      }
    }
    if (p.conflicts() > 0) {
      out.append("  conflicts: ").append(p.conflicts()).append('\n');
      p.conflictSamples().stream().limit(10).forEach(c -> out.append(String.format(
          "    %s.%s: CRM %s, BigQuery %s -> %s wins%n", c.key(), c.field(), c.crmValue(), c.warehouseValue(),
          c.winner().says())));
    }
    if (!p.rejectedByReason().isEmpty()) {
      out.append("  rejected: ").append(p.rejectedByReason()).append('\n');
      for (RejectedRow r : p.rejectedSamples().subList(0, Math.min(10, p.rejectedSamples().size()))) {
        out.append(String.format("    %s %s: %s%n", r.reason(), r.key() == null ? "-" : r.key(), r.detail()));
      }
    }
    p.crmWrites().stream().filter(w -> !w.values().isEmpty() || w.deletes()).limit(10).forEach(w -> out.append(
        String.format("    CRM %s %s%s%n", w.create() ? "create" : verb(w.deletion(), "update"), w.key(),
            w.deletes() ? "" : ": " + shown(w.values()))));
    p.warehouseWrites().stream().limit(10).forEach(w -> out.append(String.format("    BigQuery %s %s%s%n",
        w.insert() ? "insert" : verb(w.deletion(), "update"), w.key(), w.deletes() ? "" : ": " + shown(w.values()))));
    return out.toString();
  }

  /** How a write carrying out an onDelete policy reads: "delete", "clear", "archive"; otherwise {@code plain}. */
  private static String verb(dev.bqsync.core.config.DeleteAction deletion, String plain) {
    return deletion == null ? plain : deletion.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Values as people write them: {name="Acme", renewal=2027-01-31, owner=(empty)}. */
  static String shown(Map<String, Object> values) {
    StringBuilder out = new StringBuilder("{");
    values.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k).append('=').append(TypedValue.of(v)));
    return out.append('}').toString();
  }
}
