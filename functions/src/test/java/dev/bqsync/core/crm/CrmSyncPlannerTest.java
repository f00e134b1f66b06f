package dev.bqsync.core.crm;

import dev.bqsync.core.crm.TypedValue;
import dev.bqsync.core.crm.Side;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.ConflictPolicy;
import dev.bqsync.core.config.CrmKey;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.CrmSyncOptions;
import dev.bqsync.core.config.Direction;
import dev.bqsync.core.config.FieldMapping;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceColumn;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrmSyncPlannerTest {
  private static final SourceTable TABLE = table(false);

  private static SourceTable table(boolean view) {
    Map<String, SourceColumn> columns = new HashMap<>();
    for (Object[] c : new Object[][] {{"company_id", ColumnType.STRING}, {"name", ColumnType.STRING},
        {"mrr", ColumnType.NUMERIC}, {"renewal_date", ColumnType.DATE}, {"tier", ColumnType.STRING},
        {"tags", ColumnType.JSON}, {"updated_at", ColumnType.TIMESTAMP}}) {
      columns.put((String) c[0], new SourceColumn((String) c[0], (ColumnType) c[1], false));
    }
    return new SourceTable(TableRef.parse("acme-analytics.crm.companies"), view, columns, 1L);
  }

  private static CrmSection section(Direction direction, CrmSyncOptions options, FieldMapping... fields) {
    return new CrmSection("companies", CrmModel.Company, TableRef.parse("acme-analytics.crm.companies"),
        CrmKey.EXTERNAL_ID, "company_id", direction, List.of(fields), options, true);
  }

  private static FieldMapping field(String crm, String column) {
    return new FieldMapping(crm, column, null, false);
  }

  private static SourceRow row(String key, Object... pairs) {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put((String) pairs[i], pairs[i + 1]);
    }
    return new SourceRow(key, values);
  }

  private static CrmRecord record(String id, String externalId, Map<String, String> snapshot, Object... pairs) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("externalId", externalId);
    for (int i = 0; i < pairs.length; i += 2) {
      fields.put((String) pairs[i], pairs[i + 1]);
    }
    return new CrmRecord(id, fields, snapshot);
  }

  private static SyncPlan plan(CrmSection section, List<SourceRow> rows, List<CrmRecord> records) {
    return new CrmSyncPlanner("acme", section, TABLE).plan(rows, records);
  }

  @Test
  void receiveCopiesBigQueryToTheCrmAndSendCopiesTheCrmToBigQuery() {
    CrmSection s = section(Direction.BOTH, null, new FieldMapping("name", "name", Direction.RECEIVE, false),
        new FieldMapping("mrr", "mrr", Direction.SEND, false));
    SyncPlan plan = plan(s, List.of(row("c1", "name", "Acme Rockets", "mrr", new BigDecimal("10"))),
        List.of(record("r1", "c1", Map.of(), "name", "Acme", "mrr", 12.5)));

    assertThat(plan.crmWrites()).singleElement().satisfies(w -> assertThat(w.values()).containsExactly(
        Map.entry("name", "Acme Rockets")));
    assertThat(plan.warehouseWrites()).singleElement().satisfies(w -> {
      assertThat(w.insert()).isFalse();
      assertThat(w.values()).containsExactly(Map.entry("mrr", new BigDecimal("12.5")));
    });
    assertThat(plan.changesByField()).containsEntry("name", 1L).containsEntry("mrr", 1L);
  }

  @Test
  void aNativeIdThatWouldReadAsAFirestorePathRejectsItsRowOnly() {
    CrmSection s = new CrmSection("companies", CrmModel.Company, TableRef.parse("acme-analytics.crm.companies"),
        CrmKey.ID, "company_id", Direction.RECEIVE, List.of(field("name", "name")), null, true);

    SyncPlan plan = plan(s, List.of(row("r1", "name", "Acme"), row("r1/leases/usage", "name", "Evil"),
        row("..", "name", "Up"), row(".", "name", "Here"), row("__x__", "name", "Reserved"), row("x".repeat(1501), "name", "Long"),
        row("a/b", "name", "Twice"), row("a/b", "name", "Twice again")), List.of());

    assertThat(plan.crmWrites()).singleElement().satisfies(w -> assertThat(w.recordId()).isEqualTo("r1"));
    assertThat(plan.rejectedByReason()).containsExactly(Map.entry("KEY_NOT_AN_ID", 7L));
  }

  @Test
  void bothCopiesOnlyTheSideThatChangedSinceTheLastSync() {
    CrmSection s = section(Direction.BOTH, null, field("name", "name"), field("custom.tier", "tier"));
    Map<String, String> snapshot = Map.of("name", "s:Acme", "custom.tier", "s:gold");
    SyncPlan plan = plan(s, List.of(row("c1", "name", "Acme", "tier", "platinum")),
        List.of(record("r1", "c1", snapshot, "name", "Acme Corp", "custom.tier", "gold")));

    // name changed in the CRM: sent; tier changed in BigQuery: received
    assertThat(plan.warehouseWrites().get(0).values()).containsExactly(Map.entry("name", "Acme Corp"));
    assertThat(plan.crmWrites().get(0).values()).containsExactly(Map.entry("custom.tier", "platinum"));
    assertThat(plan.crmWrites().get(0).snapshot()).containsEntry("name", "s:Acme Corp")
        .containsEntry("custom.tier", "s:platinum");
    assertThat(plan.conflicts()).isZero();
  }

  @Test
  void whenBothSidesChangedThePolicyDecidesAndTheConflictIsCounted() {
    Map<String, String> snapshot = Map.of("name", "s:Acme");
    List<SourceRow> rows = List.of(row("c1", "name", "Acme BQ", "updated_at", Instant.parse("2026-11-23T10:00:00Z")));
    List<CrmRecord> records = List.of(record("r1", "c1", snapshot, "name", "Acme CRM",
        "updatedAt", Instant.parse("2026-11-23T11:00:00Z")));

    SyncPlan warehouseWins = plan(section(Direction.BOTH, null, field("name", "name")), rows, records);
    SyncPlan crmWins = plan(section(Direction.BOTH,
        new CrmSyncOptions(ConflictPolicy.CRM_WINS, null, null, true, true), field("name", "name")), rows, records);
    SyncPlan newest = plan(section(Direction.BOTH,
        new CrmSyncOptions(ConflictPolicy.NEWEST, "updated_at", "updatedAt", true, true), field("name", "name")), rows, records);

    assertThat(warehouseWins.crmWrites().get(0).values()).containsEntry("name", "Acme BQ");
    assertThat(warehouseWins.conflicts()).isEqualTo(1);
    assertThat(warehouseWins.conflictSamples().get(0)).isEqualTo(
        new SyncPlan.Conflict("c1", "name", TypedValue.fromCanonical("s:Acme CRM"),
            TypedValue.fromCanonical("s:Acme BQ"), Side.WAREHOUSE));
    assertThat(crmWins.warehouseWrites().get(0).values()).containsEntry("name", "Acme CRM");
    assertThat(newest.warehouseWrites().get(0).values()).as("the CRM edit is later").containsEntry("name", "Acme CRM");
  }

  @Test
  void withoutASnapshotDifferentValuesAreAConflictAndEqualValuesJustRecordTheSnapshot() {
    CrmSection s = section(Direction.BOTH, null, field("name", "name"), field("custom.tier", "tier"));
    SyncPlan plan = plan(s, List.of(row("c1", "name", "Acme", "tier", "gold")),
        List.of(record("r1", "c1", Map.of(), "name", "Acme Inc", "custom.tier", "gold")));

    assertThat(plan.conflicts()).isEqualTo(1);
    assertThat(plan.crmWrites().get(0).values()).containsExactly(Map.entry("name", "Acme"));
    assertThat(plan.crmWrites().get(0).snapshot()).containsEntry("custom.tier", "s:gold").containsEntry("name", "s:Acme");
  }

  @Test
  void aSecondRunWithoutChangesPlansNothing() {
    CrmSection s = section(Direction.BOTH, null, field("name", "name"), field("mrr", "mrr"),
        field("renewalDate", "renewal_date"), field("tags", "tags"));
    SourceRow row = row("c1", "name", "Acme", "mrr", new BigDecimal("1200.50"), "renewal_date", LocalDate.parse("2027-01-31"),
        "tags", "{\"b\": 2, \"a\": [1]}");
    SyncPlan first = plan(s, List.of(row), List.of(record("r1", "c1", Map.of())));
    SyncPlan.CrmWrite created = first.crmWrites().get(0);
    CrmRecord afterFirst = record("r1", "c1", created.snapshot(), "name", "Acme", "mrr", 1200.5,
        "renewalDate", LocalDate.parse("2027-01-31"), "tags", Map.of("a", List.of(1L), "b", 2L));

    SyncPlan second = plan(s, List.of(row), List.of(afterFirst));

    assertThat(second.crmWrites()).isEmpty();
    assertThat(second.warehouseWrites()).isEmpty();
    assertThat(second.conflicts()).isZero();
  }

  @Test
  void nullEmptyAndRepeatedKeysAreRejectedWithEveryRowThatCarriesThem() {
    CrmSection s = section(Direction.BOTH, null, field("name", "name"));
    SyncPlan plan = plan(s,
        List.of(row(null, "name", "x"), row("", "name", "y"), row("c2", "name", "a"), row("c2", "name", "b"),
            row("c1", "name", "Acme")),
        List.of(record("r1", "c1", Map.of("name", "s:Acme"), "name", "Acme"), record("r3", "c3", Map.of()),
            record("r4", "c3", Map.of()), record("r5", null, Map.of())));

    assertThat(plan.rejectedByReason()).containsEntry("NULL_KEY", 1L).containsEntry("EMPTY_KEY", 1L)
        .containsEntry("DUPLICATE_KEY", 4L);
    assertThat(plan.crmRecordsWithoutKey()).isEqualTo(1);
    assertThat(plan.warehouseWrites()).noneMatch(w -> w.key().equals("c3") || w.key().equals("c2"));
    assertThat(plan.crmWrites()).noneMatch(w -> w.key().equals("c2") || w.key().equals("c3"));
  }

  @Test
  void aKeyRejectedOnOneSideIsLeftOutOnTheOther() {
    CrmSection s = section(Direction.BOTH, null, field("name", "name"));
    SyncPlan plan = plan(s, List.of(row("dup1", "name", "a"), row("dup1", "name", "b"), row("dupcrm", "name", "BQ")),
        List.of(record("r1", "dup1", Map.of(), "name", "CRM"), record("r2", "dupcrm", Map.of(), "name", "A"),
            record("r3", "dupcrm", Map.of(), "name", "B")));

    assertThat(plan.crmWrites()).as("no third dupcrm record, no snapshot for dup1").isEmpty();
    assertThat(plan.warehouseWrites()).as("no insert of dup1 that the MERGE would make an update of both rows").isEmpty();
    assertThat(plan.rejectedByReason()).containsExactly(Map.entry("DUPLICATE_KEY", 6L));
    assertThat(plan.onlyInWarehouse()).isZero();
    assertThat(plan.onlyInCrm()).isZero();
  }

  private static CrmSection users(Direction direction, FieldMapping... fields) {
    return new CrmSection("users", CrmModel.EndUser, TableRef.parse("acme-analytics.crm.users"), CrmKey.EMAIL,
        "company_id", direction, List.of(fields), null, true);
  }

  private static CrmRecord user(String id, String email, Object... pairs) {
    Map<String, Object> fields = new HashMap<>(Map.of("email", email));
    for (int i = 0; i < pairs.length; i += 2) {
      fields.put((String) pairs[i], pairs[i + 1]);
    }
    return new CrmRecord(id, fields, Map.of());
  }

  @Test
  void aBigQueryWriteCarriesTheKeyAsTheRowHoldsItAndEmailsThatAreOneOnceNormalisedAreDuplicates() {
    SyncPlan plan = new CrmSyncPlanner("acme", users(Direction.SEND, field("firstName", "name")), TABLE).plan(
        List.of(row("Ada@Example.COM", "name", "Ada"), row("bob@example.com ", "name", "Bob"),
            row("Eve@x.com", "name", "Eve"), row("eve@x.com", "name", "Evelyn")),
        List.of(user("u1", "ada@example.com", "firstName", "Ada L."), user("u2", "bob@example.com", "firstName", "Robert"),
            user("u3", "eve@x.com", "firstName", "E."), user("u4", "New@X.com", "firstName", "New")));

    assertThat(plan.warehouseWrites()).extracting(SyncPlan.WarehouseWrite::key)
        .containsExactlyInAnyOrder("Ada@Example.COM", "bob@example.com ", "New@X.com");
    assertThat(plan.rejectedByReason()).containsExactly(Map.entry("DUPLICATE_KEY", 3L));
    assertThat(plan.rejectedSamples()).singleElement().satisfies(r -> assertThat(r.detail())
        .contains("'eve@x.com' once trimmed and lower-cased ('Eve@x.com', 'eve@x.com')"));
  }

  @Test
  void skipNullsWithBothTreatsANullAsNoValueSoTheOtherSidesEditFlows() {
    CrmSection s = section(Direction.BOTH, null, new FieldMapping("name", "name", null, true));
    Map<String, String> synced = Map.of("name", "s:Acme");

    SyncPlan nullInBigQuery = plan(s, List.of(row("c1", "name", null)), List.of(record("r1", "c1", synced, "name", "Acme")));
    SyncPlan thenCrmEdit = plan(s, List.of(row("c1", "name", null)),
        List.of(record("r1", "c1", synced, "name", "Acme Rockets")));
    SyncPlan nullInCrmThenBigQueryEdit = plan(s, List.of(row("c1", "name", "Acme BQ")),
        List.of(record("r1", "c1", synced, "name", null)));

    assertThat(nullInBigQuery.crmWrites()).isEmpty();
    assertThat(nullInBigQuery.warehouseWrites()).isEmpty();
    assertThat(nullInBigQuery.conflicts()).isZero();
    assertThat(thenCrmEdit.conflicts()).isZero();
    assertThat(thenCrmEdit.warehouseWrites()).singleElement().satisfies(w -> assertThat(w.values())
        .containsExactly(Map.entry("name", "Acme Rockets")));
    assertThat(thenCrmEdit.crmWrites()).singleElement().satisfies(w -> assertThat(w.snapshot())
        .containsEntry("name", "s:Acme Rockets"));
    assertThat(nullInCrmThenBigQueryEdit.conflicts()).isZero();
    assertThat(nullInCrmThenBigQueryEdit.crmWrites()).singleElement().satisfies(w -> assertThat(w.values())
        .containsExactly(Map.entry("name", "Acme BQ")));
  }

  @Test
  void emailsMatchWhateverTheirCase() {
    CrmSection s = new CrmSection("users", CrmModel.EndUser, TableRef.parse("acme-analytics.crm.users"), CrmKey.EMAIL,
        "company_id", Direction.RECEIVE, List.of(field("firstName", "name")), null, true);
    Map<String, Object> fields = new HashMap<>(Map.of("email", "Ada@Acme.example", "firstName", "Ada"));
    SyncPlan plan = new CrmSyncPlanner("acme", s, TABLE).plan(List.of(row("ada@acme.EXAMPLE", "name", "Ada")),
        List.of(new CrmRecord("u1", fields, Map.of())));

    assertThat(plan.matched()).isEqualTo(1);
    assertThat(plan.crmWrites()).isEmpty();
  }

  @Test
  void skipNullsKeepsANullFromOverwritingAValue() {
    CrmSection s = section(Direction.BOTH, null, new FieldMapping("name", "name", Direction.RECEIVE, true),
        new FieldMapping("mrr", "mrr", Direction.SEND, true));
    SyncPlan plan = plan(s, List.of(row("c1", "name", null, "mrr", new BigDecimal("3"))),
        List.of(record("r1", "c1", Map.of(), "name", "Acme", "mrr", null)));

    assertThat(plan.crmWrites()).isEmpty();
    assertThat(plan.warehouseWrites()).isEmpty();
  }

  @Test
  void unmatchedRowsCreateRecordsWithStableIdsAndUnmatchedRecordsInsertRows() {
    CrmSection s = section(Direction.BOTH, null, field("name", "name"), field("custom.tier", "tier"));
    SyncPlan plan = plan(s, List.of(row("c9", "name", "Hooli", "tier", "gold")),
        List.of(record("r2", "c2", Map.of(), "name", "Globex", "custom.tier", "silver")));

    SyncPlan.CrmWrite created = plan.crmWrites().stream().filter(SyncPlan.CrmWrite::create).findFirst().orElseThrow();
    assertThat(created.recordId()).isEqualTo(CrmSyncPlanner.createdId("acme", "Company", "c9"));
    assertThat(created.values()).containsEntry("externalId", "c9").containsEntry("name", "Hooli")
        .containsEntry("custom.tier", "gold");
    SyncPlan.WarehouseWrite inserted = plan.warehouseWrites().get(0);
    assertThat(inserted.insert()).isTrue();
    assertThat(inserted.values()).containsEntry("company_id", "c2").containsEntry("name", "Globex")
        .containsEntry("tier", "silver");
    assertThat(plan.onlyInWarehouse()).isEqualTo(1);
    assertThat(plan.onlyInCrm()).isEqualTo(1);
  }

  @Test
  void aViewGetsNoInsertsAndCreateOptionsCanTurnCreatesOff() {
    CrmSection receiving = section(Direction.RECEIVE, new CrmSyncOptions(ConflictPolicy.WAREHOUSE_WINS, null, null,
        false, true), field("name", "name"));
    SyncPlan plan = new CrmSyncPlanner("acme", receiving, table(true)).plan(List.of(row("c9", "name", "Hooli")),
        List.of(record("r2", "c2", Map.of(), "name", "Globex")));

    assertThat(plan.crmWrites()).isEmpty();
    assertThat(plan.warehouseWrites()).isEmpty();
    assertThat(CrmSchemaCheck.problems(section(Direction.BOTH, null, field("name", "name")), table(true)))
        .singleElement().asString().contains("is a view, and views are read-only").contains("make the section");
  }

  @Test
  void aValueThatDoesNotConvertRejectsItsRow() {
    CrmSection s = section(Direction.BOTH, null, new FieldMapping("mrr", "mrr", Direction.SEND, false),
        new FieldMapping("renewalDate", "renewal_date", Direction.RECEIVE, false));
    SyncPlan plan = plan(s, List.of(row("c1", "renewal_date", "next spring"), row("c2", "renewal_date", null)),
        List.of(record("r1", "c1", Map.of(), "mrr", 5.0), record("r2", "c2", Map.of(), "mrr", "lots")));

    assertThat(plan.rejectedByReason()).containsEntry("VALUE_NOT_CONVERTIBLE", 2L);
    assertThat(plan.rejectedSamples()).extracting(r -> r.detail())
        .anySatisfy(d -> assertThat(d).contains("renewal_date -> renewalDate: 'next spring' is not a date"))
        .anySatisfy(d -> assertThat(d).contains("mrr: 'lots' is not a number"));
    assertThat(plan.crmWrites()).isEmpty();
    assertThat(plan.warehouseWrites()).isEmpty();
  }

  @Test
  void valuesCompareAfterNormalisation() {
    assertThat(CrmValues.canonical(dev.bqsync.core.config.FieldType.NUMBER, new BigDecimal("1200.500")))
        .isEqualTo(CrmValues.canonical(dev.bqsync.core.config.FieldType.NUMBER, 1200.5));
    assertThat(CrmValues.canonical(dev.bqsync.core.config.FieldType.TIMESTAMP, Instant.parse("2026-01-01T00:00:00.1234567Z")))
        .isEqualTo(CrmValues.canonical(dev.bqsync.core.config.FieldType.TIMESTAMP, "2026-01-01 00:00:00.123456+00:00"));
    Map<String, Object> bFirst = new java.util.LinkedHashMap<>();
    bFirst.put("b", 1);
    bFirst.put("a", 2);
    assertThat(CrmValues.canonical(dev.bqsync.core.config.FieldType.JSON, bFirst))
        .isEqualTo(CrmValues.canonical(dev.bqsync.core.config.FieldType.JSON, Map.of("a", 2, "b", 1)));
    // JSON text held as a string is a JSON string scalar, not the object it spells (docs/crm-sync.md).
    assertThat(CrmValues.canonical(dev.bqsync.core.config.FieldType.JSON, "{\"b\":1,\"a\":2}"))
        .isNotEqualTo(CrmValues.canonical(dev.bqsync.core.config.FieldType.JSON, Map.of("a", 2, "b", 1)));
    assertThat(CrmValues.canonical(dev.bqsync.core.config.FieldType.ANY, 3L))
        .isEqualTo(CrmValues.canonical(dev.bqsync.core.config.FieldType.ANY, 3.0));
  }

  @Test
  void withAStateADisappearedSideIsADeletionNotACreateAndIsCountedOnce() {
    CrmSection s = section(Direction.BOTH, null, field("name", "name"));
    CrmSyncPlanner planner = new CrmSyncPlanner("acme", s, TABLE);
    Map<String, SyncedKey> state = Map.of(
        "c1", new SyncedKey("c1", "c1", List.of("r1"), 7L, null, false, false),
        "c2", new SyncedKey("c2", "c2", List.of("r2"), 8L, null, false, false),
        "c3", new SyncedKey("c3", "c3", List.of("r3"), null, null, false, true));
    List<SourceRow> rows = List.of(row("c1", "name", "Acme"), row("c3", "name", "Initech"), row("c4", "name", "New"));
    List<CrmRecord> records = List.of(record("r2", "c2", Map.of("name", "Globex"), "name", "Globex"));

    SyncPlan plan = planner.plan(rows, records, state);

    assertThat(plan.crmWrites()).as("only the never-synced c4 is created").singleElement()
        .satisfies(w -> assertThat(w.key()).isEqualTo("c4"));
    assertThat(plan.warehouseWrites()).as("c2's row was deleted: not re-inserted").isEmpty();
    assertThat(plan.deletions()).as("c3's record deletion was found by an earlier run")
        .isEqualTo(new KeyDeletions(1, 1));
    SyncPlan stateless = planner.plan(rows, records, null);
    assertThat(stateless.crmWrites()).as("without a state, today's behaviour: c1 and c3 re-created")
        .extracting(SyncPlan.CrmWrite::key).containsExactlyInAnyOrder("c1", "c2", "c3", "c4");
    assertThat(stateless.warehouseWrites()).as("and c2 re-inserted").extracting(SyncPlan.WarehouseWrite::key)
        .containsExactly("c2");
  }

  @Test
  void theNextStateKeepsTombstonesDropsKeysGoneFromBothSidesAndForgetsTheHashOfWrittenRows() {
    CrmSection s = section(Direction.BOTH, null, field("name", "name"));
    CrmSyncPlanner planner = new CrmSyncPlanner("acme", s, TABLE);
    Map<String, SyncedKey> state = Map.of(
        "c1", new SyncedKey("c1", "c1", List.of("r1"), 7L, null, false, false),
        "c5", new SyncedKey("c5", "c5", List.of("r5"), 9L, null, false, false));
    List<SourceRow> rows = List.of(row("c1", "name", "Acme", NextSyncState.ROW_HASH, 11L),
        row("c2", "name", "Globex", NextSyncState.ROW_HASH, 12L));
    List<CrmRecord> records = List.of(record("r2", "c2", Map.of(), "name", "Globex Corp"),
        record("r6", "c6", Map.of(), "name", "Only CRM"));
    SyncPlan plan = planner.plan(rows, records, state);

    NextSyncState.Change next = NextSyncState.of(s, planner::normalizeKey, List.of("c1", "c2", "c5", "c6"), rows,
        records, plan, state);

    Map<String, SyncedKey> byKey = new HashMap<>();
    next.upserts().forEach(k -> byKey.put(k.key(), k));
    assertThat(byKey.get("c1")).as("record gone: a tombstone, the row's hash kept")
        .isEqualTo(new SyncedKey("c1", "c1", List.of("r1"), 11L, null, false, true));
    assertThat(byKey.get("c2").rowHash()).as("c2 differs without a snapshot: BigQuery wins, only the CRM is "
        + "written, so the row keeps the hash it was read with").isEqualTo(12L);
    assertThat(byKey.get("c6")).as("inserted into BigQuery by this run: no hash, examined next run")
        .isEqualTo(new SyncedKey("c6", "c6", List.of("r6"), null, null, false, false));
    assertThat(next.removals()).containsExactly("c5");
  }
}
