package dev.bqsync.sync;

import dev.bqsync.core.FailureKind;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What one CRM section's run did (or, on a dry run, would do): the plan, the status, the counts. */
public record CrmSectionOutcome(String sectionId, RunStatus status, boolean dryRun, SyncPlan plan, CrmCounts counts,
    String message, List<String> notes, FailureKind failure, Throwable error) implements SectionResult {

  public CrmSectionOutcome {
    notes = List.copyOf(notes);
  }

  public static CrmSectionOutcome simple(String sectionId, RunStatus status, String message) {
    return ended(sectionId, status, message, null, null);
  }

  public static CrmSectionOutcome ended(String sectionId, RunStatus status, String message, FailureKind failure,
      Throwable error) {
    return new CrmSectionOutcome(sectionId, status, false, null, CrmCounts.NONE, message, List.of(), failure, error);
  }

  public long rowsRead() {
    return counts.rowsRead();
  }

  public long recordsRead() {
    return counts.recordsRead();
  }

  public long bigQueryJobs() {
    return counts.bigQueryJobs();
  }

  @Override
  public Map<String, Long> rejectedByReason() {
    return plan == null ? Map.of() : plan.rejectedByReason();
  }

  @Override
  public List<RejectedRow> rejectedSamples() {
    return plan == null ? List.of() : plan.rejectedSamples();
  }

  /**
   * The outcome's notes, the fields whose values the other side holds rounded (one example each),
   * then the first conflicts in words, for the run record.
   */
  @Override
  public List<String> warnings() {
    List<String> out = new ArrayList<>(notes);
    if (plan != null) {
      plan.losses().forEach(l -> out.add(l.says()));
      plan.conflictSamples().stream().limit(20).forEach(c -> out.add("conflict on " + c.key() + "." + c.field()
          + ": CRM " + c.crmValue() + " vs BigQuery " + c.warehouseValue() + ", " + c.winner().says() + " won"));
    }
    return out;
  }

  @Override
  public Map<String, Object> logFields() {
    return plan == null ? Map.of() : Map.of("changesByField", plan.changesByField());
  }
}
