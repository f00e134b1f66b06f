package dev.bqsync.core.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.ConflictPolicy;
import dev.bqsync.core.config.CrmKey;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.CrmSyncOptions;
import dev.bqsync.core.config.DeleteAction;
import dev.bqsync.core.config.DeletePolicy;
import dev.bqsync.core.config.Direction;
import dev.bqsync.core.config.FieldMapping;
import dev.bqsync.core.config.OnDelete;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceColumn;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The onDelete policies in the planner, the next state they leave, and the mass-change guard. */
class CrmDeletePoliciesTest {
  private static final Instant NOW = Instant.parse("2026-12-04T23:30:00Z");
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  private static SourceTable table(ColumnType markType) {
    Map<String, SourceColumn> columns = new HashMap<>();
    columns.put("company_id", new SourceColumn("company_id", ColumnType.STRING, false));
    columns.put("name", new SourceColumn("name", ColumnType.STRING, false));
    columns.put("phone", new SourceColumn("phone", ColumnType.STRING, false));
    columns.put("tier", new SourceColumn("tier", ColumnType.STRING, false));
    columns.put("deleted_at", new SourceColumn("deleted_at", markType, false));
    return new SourceTable(TableRef.parse("acme-analytics.crm.companies"), false, columns, 1L);
  }

  /** name BOTH, domain RECEIVE (from column phone), custom.tier SEND (to column tier). */
  private static CrmSection section(DeletePolicy rowDeleted, DeletePolicy recordDeleted) {
    OnDelete onDelete = new OnDelete(rowDeleted, recordDeleted, OnDelete.DEFAULT_SHARE);
    return new CrmSection("companies", CrmModel.Company, TableRef.parse("acme-analytics.crm.companies"),
        CrmKey.EXTERNAL_ID, "company_id", Direction.BOTH, List.of(new FieldMapping("name", "name", null, false),
            new FieldMapping("domain", "phone", Direction.RECEIVE, false),
            new FieldMapping("custom.tier", "tier", Direction.SEND, false)),
        new CrmSyncOptions(ConflictPolicy.WAREHOUSE_WINS, null, null, true, true, onDelete), true);
  }

  private static CrmSyncPlanner planner(CrmSection section, ColumnType markType) {
    return new CrmSyncPlanner("acme", ZONE, section, table(markType), NOW);
  }

  private static SourceRow row(String key, String name, String phone, String tier) {
    Map<String, Object> values = new HashMap<>();
    values.put("name", name);
    values.put("phone", phone);
    values.put("tier", tier);
    values.put(NextSyncState.ROW_HASH, 5L);
    return new SourceRow(key, values);
  }

  private static CrmRecord record(String id, String key, String name, String phone, String tier) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("externalId", key);
    fields.put("name", name);
    fields.put("domain", phone);
    fields.put("custom.tier", tier);
    return new CrmRecord(id, fields, Map.of("name", "s:" + name)); // as the last sync recorded it
  }

  private static SyncedKey synced(String key, String recordId) {
    return new SyncedKey(key, key, List.of(recordId), 5L, null, false, false);
  }

  @Test
  void aDeletedRowClearsArchivesOrDeletesItsRecordOnceAndIgnoreLeavesIt() {
    CrmRecord acme = record("r1", "c1", "Acme", "555", "gold");
    Map<String, SyncedKey> state = Map.of("c1", synced("c1", "r1"));

    SyncPlan clear = planner(section(new DeletePolicy(DeleteAction.CLEAR, null), DeletePolicy.IGNORE),
        ColumnType.TIMESTAMP).plan(List.of(), List.of(acme), state);
    assertThat(clear.crmWrites()).singleElement().satisfies(w -> {
      assertThat(w.deletion()).isEqualTo(DeleteAction.CLEAR);
      Map<String, Object> blank = new HashMap<>();
      blank.put("name", null);
      blank.put("domain", null);
      assertThat(w.values()).as("the fields this section writes into the CRM; the SEND field is the CRM's own")
          .isEqualTo(blank);
      assertThat(w.snapshot()).as("BOTH recorded as synced blank").containsEntry("name",
          new FieldConversion("name", "name", dev.bqsync.core.config.FieldType.STRING, ColumnType.STRING, false, ZONE)
              .compared(null));
    });
    assertThat(clear.warehouseWrites()).as("a deleted row is never re-inserted").isEmpty();
    assertThat(clear.deletions()).isEqualTo(new KeyDeletions(1, 0));

    SyncPlan archiveFlag = planner(section(new DeletePolicy(DeleteAction.ARCHIVE, "custom.archived"),
        DeletePolicy.IGNORE), ColumnType.TIMESTAMP).plan(List.of(), List.of(acme), state);
    assertThat(archiveFlag.crmWrites()).singleElement().satisfies(w -> {
      assertThat(w.deletion()).isEqualTo(DeleteAction.ARCHIVE);
      assertThat(w.values()).isEqualTo(Map.of("custom.archived", true));
    });
    SyncPlan archiveTime = planner(section(new DeletePolicy(DeleteAction.ARCHIVE, "lastActivity"),
        DeletePolicy.IGNORE), ColumnType.TIMESTAMP).plan(List.of(), List.of(acme), state);
    assertThat(archiveTime.crmWrites().get(0).values()).isEqualTo(Map.of("lastActivity", NOW));
    SyncPlan archiveDay = planner(section(new DeletePolicy(DeleteAction.ARCHIVE, "renewalDate"),
        DeletePolicy.IGNORE), ColumnType.TIMESTAMP).plan(List.of(), List.of(acme), state);
    assertThat(archiveDay.crmWrites().get(0).values()).as("the run's day in the tenant's zone (already the 5th there)")
        .isEqualTo(Map.of("renewalDate", LocalDate.parse("2026-12-05")));

    SyncPlan delete = planner(section(new DeletePolicy(DeleteAction.DELETE, null), DeletePolicy.IGNORE),
        ColumnType.TIMESTAMP).plan(List.of(), List.of(acme), state);
    assertThat(delete.crmWrites()).singleElement().satisfies(w -> assertThat(w.deletes()).isTrue());
    assertThat(delete.crmUpdates()).isZero();

    SyncPlan ignore = planner(section(DeletePolicy.IGNORE, DeletePolicy.IGNORE), ColumnType.TIMESTAMP)
        .plan(List.of(), List.of(acme), state);
    assertThat(ignore.crmWrites()).isEmpty();
    assertThat(ignore.warehouseWrites()).isEmpty();

    Map<String, SyncedKey> seen = Map.of("c1", new SyncedKey("c1", "c1", List.of("r1"), 5L, null, true, false));
    SyncPlan again = planner(section(new DeletePolicy(DeleteAction.DELETE, null), DeletePolicy.IGNORE),
        ColumnType.TIMESTAMP).plan(List.of(), List.of(acme), seen);
    assertThat(again.crmWrites()).as("a deletion already acted on is not acted on again").isEmpty();
    assertThat(again.deletions()).isEqualTo(KeyDeletions.NONE);
  }

  @Test
  void aDeletedRecordClearsArchivesOrDeletesItsRowInEveryMarkType() {
    SourceRow acme = row("c1", "Acme", "555", "gold");
    Map<String, SyncedKey> state = Map.of("c1", synced("c1", "r1"));

    SyncPlan clear = planner(section(DeletePolicy.IGNORE, new DeletePolicy(DeleteAction.CLEAR, null)),
        ColumnType.TIMESTAMP).plan(List.of(acme), List.of(), state);
    Map<String, Object> blank = new HashMap<>();
    blank.put("name", null);
    blank.put("tier", null);
    assertThat(clear.warehouseWrites()).singleElement().satisfies(w -> {
      assertThat(w.values()).as("the columns this section writes; the RECEIVE column is BigQuery's own")
          .isEqualTo(blank);
      assertThat(w.insert()).isFalse();
      assertThat(w.deletion()).isEqualTo(DeleteAction.CLEAR);
    });
    assertThat(clear.crmWrites()).as("a deleted record is never re-created").isEmpty();
    assertThat(clear.deletions()).isEqualTo(new KeyDeletions(0, 1));

    Map<ColumnType, Object> marks = Map.of(ColumnType.BOOL, true, ColumnType.TIMESTAMP, NOW,
        ColumnType.DATETIME, LocalDateTime.parse("2026-12-05T00:30:00"), ColumnType.DATE, LocalDate.parse("2026-12-05"));
    marks.forEach((type, mark) -> {
      SyncPlan archive = planner(section(DeletePolicy.IGNORE, new DeletePolicy(DeleteAction.ARCHIVE, "deleted_at")),
          type).plan(List.of(acme), List.of(), state);
      assertThat(archive.warehouseWrites()).as(type.name()).singleElement()
          .satisfies(w -> assertThat(w.values()).isEqualTo(Map.of("deleted_at", mark)));
    });

    SyncPlan delete = planner(section(DeletePolicy.IGNORE, new DeletePolicy(DeleteAction.DELETE, null)),
        ColumnType.TIMESTAMP).plan(List.of(acme), List.of(), state);
    assertThat(delete.warehouseWrites()).singleElement().satisfies(w -> assertThat(w.deletes()).isTrue());
    assertThat(delete.warehouseUpdates()).isZero();
  }

  @Test
  void theNextStateDropsAKeyDeletedOnBothSidesAndKeepsATombstoneAfterClear() {
    CrmSection deleting = section(new DeletePolicy(DeleteAction.DELETE, null), new DeletePolicy(DeleteAction.DELETE,
        null));
    CrmSyncPlanner planner = planner(deleting, ColumnType.TIMESTAMP);
    Map<String, SyncedKey> state = Map.of("c1", synced("c1", "r1"), "c2", synced("c2", "r2"));
    List<SourceRow> rows = List.of(row("c2", "Globex", null, null));
    List<CrmRecord> records = List.of(record("r1", "c1", "Acme", null, null));
    SyncPlan plan = planner.plan(rows, records, state);

    NextSyncState.Change next = NextSyncState.of(deleting, planner::normalizeKey, List.of("c1", "c2"), rows, records,
        plan, state);
    assertThat(next.upserts()).isEmpty();
    assertThat(next.removals()).containsExactlyInAnyOrder("c1", "c2");

    CrmSection clearing = section(new DeletePolicy(DeleteAction.CLEAR, null), DeletePolicy.IGNORE);
    CrmSyncPlanner clearer = planner(clearing, ColumnType.TIMESTAMP);
    SyncPlan cleared = clearer.plan(List.of(), records, state);
    assertThat(NextSyncState.of(clearing, clearer::normalizeKey, List.of("c1"), List.of(), records, cleared, state)
        .upserts()).singleElement().isEqualTo(new SyncedKey("c1", "c1", List.of("r1"), null, null, true, false));
  }

  @Test
  void theGuardHoldsBackDeletionsOverTheShareAndTheirKeysStayUnseen() {
    CrmSection s = section(new DeletePolicy(DeleteAction.DELETE, null), DeletePolicy.IGNORE);
    CrmSyncPlanner planner = planner(s, ColumnType.TIMESTAMP);
    Map<String, SyncedKey> state = new HashMap<>();
    List<CrmRecord> records = new ArrayList<>();
    List<SourceRow> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String key = "c" + i;
      state.put(key, synced(key, "r" + i));
      records.add(record("r" + i, key, "Name " + i, null, null));
      if (i >= 12) { // 12 rows deleted: 12% of 100
        rows.add(row(key, "Name " + i, null, null));
      }
    }
    SyncPlan plan = planner.plan(rows, records, state);
    assertThat(plan.crmWrites()).hasSize(12);

    SyncPlan guarded = MassChangeGuard.apply(plan, 0.10, false, () -> new MassChangeGuard.Population(100, 100),
        planner::normalizeKey);
    assertThat(guarded.crmWrites()).isEmpty();
    assertThat(guarded.heldBack()).singleElement().asString().contains("12 of 100 CRM records would be deleted",
        "12%", "--allow-mass-change");
    assertThat(guarded.rejectedKeys()).hasSize(12).containsValue(MassChangeGuard.HELD_BACK);
    NextSyncState.Change next = NextSyncState.of(s, planner::normalizeKey, state.keySet(), rows, records, guarded,
        state);
    assertThat(next.upserts()).filteredOn(k -> k.key().equals("c0")).singleElement().satisfies(k -> {
      assertThat(k.rowDeleted()).as("held back: the next run finds the deletion again").isFalse();
      assertThat(k.hadRow()).isTrue();
      assertThat(k.rejected()).isEqualTo(MassChangeGuard.HELD_BACK);
    });

    assertThat(MassChangeGuard.apply(plan, 0.10, true, () -> {
      throw new AssertionError("an allowed run weighs nothing");
    }, planner::normalizeKey)).isSameAs(plan);
    assertThat(MassChangeGuard.apply(plan, 0.15, false, () -> new MassChangeGuard.Population(100, 100),
        planner::normalizeKey).crmWrites()).as("12% is within a share of 15%").hasSize(12);
    assertThat(MassChangeGuard.apply(plan, 0.01, false, () -> new MassChangeGuard.Population(100, 100),
        planner::normalizeKey).crmWrites()).as("12 is more than the floor of 10").isEmpty();
    SyncPlan few = planner.plan(rows.subList(0, rows.size()), records.subList(2, records.size()), state);
    assertThat(MassChangeGuard.apply(few, 0.01, false, () -> new MassChangeGuard.Population(100, 100),
        planner::normalizeKey).crmWrites()).as("10 deletions are not more than the floor").hasSize(10);
  }

  @Test
  void theGuardHoldsBackAFieldBlankedInMoreThanTheShareButNotOtherFieldsChanges() {
    CrmSection s = section(DeletePolicy.IGNORE, DeletePolicy.IGNORE);
    CrmSyncPlanner planner = planner(s, ColumnType.TIMESTAMP);
    List<CrmRecord> records = new ArrayList<>();
    List<SourceRow> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      records.add(record("r" + i, "c" + i, "Name " + i, "555-" + i, null));
      // phone dropped and re-added empty in every row; two rows also rename
      rows.add(row("c" + i, i < 2 ? "Renamed " + i : "Name " + i, null, null));
    }
    SyncPlan plan = planner.plan(rows, records, null);
    SyncPlan guarded = MassChangeGuard.apply(plan, 0.10, false, () -> new MassChangeGuard.Population(50, 50),
        planner::normalizeKey);

    assertThat(guarded.crmWrites()).as("every key with a blanked domain is held back whole").isEmpty();
    assertThat(guarded.heldBack()).singleElement().asString()
        .contains("50 of 50 CRM records would have field domain blanked");

    List<SourceRow> someBlank = new ArrayList<>(rows.subList(0, 5));
    for (int i = 5; i < 50; i++) {
      someBlank.add(row("c" + i, "Name " + i, "555-" + i, null));
    }
    SyncPlan few = MassChangeGuard.apply(planner.plan(someBlank, records, null), 0.10, false,
        () -> new MassChangeGuard.Population(50, 50), planner::normalizeKey);
    assertThat(few.heldBack()).as("5 blanks are within the floor").isEmpty();
    assertThat(few.crmUpdates()).isEqualTo(5);
  }
}
