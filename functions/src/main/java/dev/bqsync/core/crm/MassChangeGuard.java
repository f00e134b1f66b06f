package dev.bqsync.core.crm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Holds back the changes of a plan that would delete, clear or archive more than a section's
 * {@code massChangeShare} of one side, or blank one field (or column) in more than that share of
 * it (and more than {@link #FLOOR} keys): a table truncated by mistake must not empty the CRM, a
 * column dropped and re-added empty must not null a field in every record. Each such group is held back whole, with every write of its
 * keys (a key is synced all at once or not at all), and those keys are recorded as HELD_BACK so
 * every run examines them again until the data is fixed or someone allows the change.
 */
public final class MassChangeGuard {
  /** The reason a held-back key carries in the state and the plan's rejected keys. */
  public static final String HELD_BACK = "HELD_BACK";
  /**
   * So few changes are never a mass change: in a small section one deletion is more than any share,
   * and a guard that holds back everyday edits teaches people to always allow them.
   */
  public static final int FLOOR = 10;

  /** How many CRM records and BigQuery rows the section covered before this run: what a share is of. */
  public record Population(long records, long rows) {}

  private MassChangeGuard() {}

  /**
   * The plan with its mass changes held back; {@code population} is asked only when the plan has a
   * deletion or a blanking to weigh (an incremental run then reads it from the state). With
   * {@code allow} (the run was asked to allow mass changes) the plan is returned as it is.
   */
  public static SyncPlan apply(SyncPlan plan, double share, boolean allow, Supplier<Population> population,
      UnaryOperator<String> matchKey) {
    Map<String, Group> groups = new LinkedHashMap<>();
    for (SyncPlan.CrmWrite w : plan.crmWrites()) {
      if (w.deletion() != null) {
        groups.computeIfAbsent("crm-delete", g -> new Group(true, null, w.deletion().name())).keys.add(w.key());
      } else if (!w.create()) {
        w.values().forEach((field, value) -> {
          if (value == null) {
            groups.computeIfAbsent("crm-field:" + field, g -> new Group(true, field, null)).keys.add(w.key());
          }
        });
      }
    }
    for (SyncPlan.WarehouseWrite w : plan.warehouseWrites()) {
      String key = matchKey.apply(w.key());
      if (w.deletion() != null) {
        groups.computeIfAbsent("row-delete", g -> new Group(false, null, w.deletion().name())).keys.add(key);
      } else if (!w.insert()) {
        w.values().forEach((column, value) -> {
          if (value == null) {
            groups.computeIfAbsent("row-column:" + column, g -> new Group(false, column, null)).keys.add(key);
          }
        });
      }
    }
    if (groups.isEmpty() || allow) {
      return plan;
    }
    Population before = population.get();
    Set<String> held = new HashSet<>();
    List<String> messages = new ArrayList<>();
    for (Group g : groups.values()) {
      long of = g.crm ? before.records() : before.rows();
      if (g.keys.size() > Math.max(FLOOR, share * of)) {
        held.addAll(g.keys);
        messages.add(g.says(of, share));
      }
    }
    if (held.isEmpty()) {
      return plan;
    }
    Map<String, String> rejected = new HashMap<>(plan.rejectedKeys());
    held.forEach(k -> rejected.putIfAbsent(k, HELD_BACK));
    List<String> heldBack = new ArrayList<>(plan.heldBack());
    heldBack.addAll(messages);
    return new SyncPlan(plan.crmWrites().stream().filter(w -> !held.contains(w.key())).toList(),
        plan.warehouseWrites().stream().filter(w -> !held.contains(matchKey.apply(w.key()))).toList(),
        plan.changesByField(), plan.conflictSamples(), plan.conflicts(), plan.rejectedByReason(),
        plan.rejectedSamples(), plan.matched(), plan.onlyInWarehouse(), plan.onlyInCrm(), plan.crmRecordsWithoutKey(),
        plan.losses(), rejected, plan.deletions(), heldBack);
  }

  /** One kind of change on one side: deletions (by action), or blanking one field or column. */
  private static final class Group {
    final boolean crm;
    final String field;
    final String action;
    final Set<String> keys = new HashSet<>();

    Group(boolean crm, String field, String action) {
      this.crm = crm;
      this.field = field;
      this.action = action;
    }

    String says(long of, double share) {
      String side = crm ? "CRM records" : "BigQuery rows";
      String what = field == null
          ? "would be " + verb(action) + " because their " + (crm ? "BigQuery rows" : "CRM records") + " disappeared"
          : "would have " + (crm ? "field " : "column ") + field + " blanked";
      return String.format(Locale.ROOT, "held back: %,d of %,d %s %s (%s, more than %s and more than %d); if the other side lost them "
          + "by mistake, restore it; if the change is meant, run bqsync sync crm --allow-mass-change (or the function "
          + "with \"allowMassChange\": true)", keys.size(), of, side, what, percent(keys.size(), of), percent(share), FLOOR);
    }

    private static String verb(String action) {
      return switch (action) {
        case "DELETE" -> "deleted";
        case "CLEAR" -> "cleared";
        default -> "archived";
      };
    }

    private static String percent(long part, long whole) {
      return whole == 0 ? "all" : percent((double) part / whole);
    }

    private static String percent(double share) {
      return new java.math.BigDecimal(share * 100).round(new java.math.MathContext(3)).stripTrailingZeros()
          .toPlainString() + "%";
    }
  }
}
