package dev.bqsync.core.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.ConflictPolicy;
import dev.bqsync.core.config.CrmKey;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.CrmSyncOptions;
import dev.bqsync.core.config.DeleteAction;
import dev.bqsync.core.config.DeletePolicy;
import dev.bqsync.core.config.OnDelete;
import dev.bqsync.core.config.Direction;
import dev.bqsync.core.config.FieldMapping;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceColumn;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The incremental sync decides what the full read decides: over random sections and worlds, after
 * random edits on both sides (value edits, conflicts, NULLs, creates, deletes, re-keys, duplicate
 * and empty keys, emails in other spellings), planning only the keys the change query and the CRM
 * change read name gives the same CRM writes, BigQuery writes, conflicts and rejected keys as
 * planning every key, run after run, with the state each incremental run leaves.
 */
class IncrementalEqualsFullPropertyTest {
  private static final String TENANT = "acme";
  private static final String[] VALUES = {"a", "b", "c", null};

  static Stream<Long> seeds() {
    return IntStream.range(0, 400).mapToObj(i -> 1000L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void incrementalPlansEqualFullPlans(long seed) {
    Random random = new Random(seed);
    boolean email = random.nextBoolean();
    CrmSection section = section(random, email);
    SourceTable table = table(email);
    CrmSyncPlanner planner = new CrmSyncPlanner(TENANT, section, table);
    World world = World.random(random, section, email);

    // The first run of a section with a state is full: it establishes the state.
    SyncPlan first = planner.plan(world.rows(), world.records(), Map.of());
    world.changed.clear();
    Set<String> allKeys = world.allKeys(section, planner);
    world.state.clear();
    world.apply(first, section);
    NextSyncState.Change established = NextSyncState.of(section, planner::normalizeKey, allKeys, world.rowsAsRead,
        world.recordsAsRead, first, Map.of());
    applyState(world, established);
    long keyed = KeyedRecords.afterFull(allKeys, Map.of(), established);

    for (int round = 0; round < 4; round++) {
      world.edit(random, section, email);
      List<SourceRow> rows = world.rows();
      List<CrmRecord> records = world.records();
      SyncPlan full = planner.plan(rows, records, world.state);

      List<CrmRecord> changedRecords = records.stream().filter(r -> world.changed.contains(r.id())).toList();
      Set<String> crmKeys = new HashSet<>();
      changedRecords.forEach(r -> {
        String key = ChangedKeys.keyOf(section, planner::normalizeKey, r);
        if (key != null) {
          crmKeys.add(key);
        }
      });
      Set<String> crmIds = changedRecords.stream().map(CrmRecord::id).collect(Collectors.toSet());
      ChangeQueryReference.Result changes = ChangeQueryReference.select(rows, world.state, planner::normalizeKey,
          crmKeys, crmIds);
      // As IncrementalCrmRead does: a count of keyed records below the expected one means records were
      // deleted, and that run reads both sides in full.
      long counted = records.stream().filter(r -> {
        Object key = section.crmKey() == CrmKey.ID ? r.id() : r.field(section.crmKey().field());
        return key != null && !"".equals(key);
      }).count();
      boolean readInFull = counted != KeyedRecords.expected(section, planner::normalizeKey, keyed, changedRecords,
          changes.state());
      ChangedKeys keys = ChangedKeys.of(section, planner::normalizeKey, changes.rows(), changes.state(), changedRecords);
      List<CrmRecord> fetched = records.stream().filter(r -> keys.recordIdsToFetch().contains(r.id())).toList();
      List<CrmRecord> examined = readInFull ? records
          : keys.records(section, planner::normalizeKey, changedRecords, fetched);
      List<SourceRow> examinedRows = readInFull ? rows : changes.rows();
      Map<String, SyncedKey> examinedState = readInFull ? world.state : changes.state();
      Set<String> examinedKeys = readInFull ? world.allKeys(section, planner) : keys.keys();
      SyncPlan incremental = readInFull ? planner.plan(rows, records, world.state)
          : planner.plan(changes.rows(), examined, changes.state());

      String context = "seed " + seed + " round " + round + "\nrows " + rows + "\nrecords " + records + "\nstate "
          + world.state;
      assertThat(crmWrites(incremental)).as(context).isEqualTo(crmWrites(full));
      assertThat(warehouseWrites(incremental)).as(context).isEqualTo(warehouseWrites(full));
      assertThat(incremental.conflicts()).as(context).isEqualTo(full.conflicts());
      assertThat(incremental.rejectedKeys()).as(context).isEqualTo(full.rejectedKeys());
      assertThat(incremental.rejectedByReason()).as(context).isEqualTo(full.rejectedByReason());

      world.changed.clear();
      world.apply(incremental, section);
      NextSyncState.Change next = NextSyncState.of(section, planner::normalizeKey, examinedKeys, examinedRows, examined,
          incremental, examinedState);
      keyed = readInFull ? KeyedRecords.afterFull(examinedKeys, examinedState, next)
          : KeyedRecords.afterIncremental(keyed, examinedKeys, examinedState, next);
      applyState(world, next);
      assertThat(keyed).as(context + "\nthe count the state keeps is the state's live record ids")
          .isEqualTo(world.state.values().stream().filter(k -> !k.recordDeleted())
              .flatMap(k -> k.recordIds().stream()).distinct().count());
    }
  }

  private static void applyState(World world, NextSyncState.Change change) {
    change.removals().forEach(world.state::remove);
    change.upserts().forEach(k -> world.state.put(k.key(), k));
  }

  private static Set<String> crmWrites(SyncPlan plan) {
    return plan.crmWrites().stream().map(w -> w.recordId() + "|" + w.key() + "|" + w.create() + "|" + w.deletion() + "|"
        + new TreeMap<>(w.values()) + "|" + new TreeMap<>(w.snapshot())).collect(Collectors.toSet());
  }

  private static Set<String> warehouseWrites(SyncPlan plan) {
    return plan.warehouseWrites().stream().map(w -> w.key() + "|" + w.insert() + "|" + w.deletion() + "|"
        + new TreeMap<>(w.values()))
        .collect(Collectors.toSet());
  }

  private static CrmSection section(Random random, boolean email) {
    Direction[] directions = {Direction.RECEIVE, Direction.SEND, Direction.BOTH, null};
    List<FieldMapping> fields = List.of(
        new FieldMapping(email ? "firstName" : "name", email ? "first_name" : "name",
            directions[random.nextInt(4)], random.nextInt(4) == 0),
        new FieldMapping(email ? "lastName" : "custom.tier", email ? "last_name" : "tier",
            directions[random.nextInt(4)], random.nextInt(4) == 0));
    // Delete policies where the section writes the side they act on (the configuration checks that).
    boolean receives = fields.stream().anyMatch(f -> f.effectiveDirection(Direction.BOTH).receives());
    boolean sends = fields.stream().anyMatch(f -> f.effectiveDirection(Direction.BOTH).sends());
    DeletePolicy[] onRow = {DeletePolicy.IGNORE, new DeletePolicy(DeleteAction.CLEAR, null),
        new DeletePolicy(DeleteAction.DELETE, null), new DeletePolicy(DeleteAction.ARCHIVE, "custom.archived")};
    DeletePolicy[] onRecord = {DeletePolicy.IGNORE, new DeletePolicy(DeleteAction.CLEAR, null),
        new DeletePolicy(DeleteAction.DELETE, null)};
    OnDelete onDelete = new OnDelete(receives ? onRow[random.nextInt(onRow.length)] : DeletePolicy.IGNORE,
        sends ? onRecord[random.nextInt(onRecord.length)] : DeletePolicy.IGNORE, OnDelete.DEFAULT_SHARE);
    CrmSyncOptions options = new CrmSyncOptions(random.nextBoolean() ? ConflictPolicy.WAREHOUSE_WINS
        : ConflictPolicy.CRM_WINS, null, null, random.nextInt(4) > 0, random.nextInt(4) > 0, onDelete);
    return email
        ? new CrmSection("users", CrmModel.EndUser, TableRef.parse("acme-analytics.crm.end_users"), CrmKey.EMAIL, "email",
            Direction.BOTH, fields, options, true)
        : new CrmSection("companies", CrmModel.Company, TableRef.parse("acme-analytics.crm.companies"),
            CrmKey.EXTERNAL_ID, "company_id", Direction.BOTH, fields, options, true);
  }

  private static SourceTable table(boolean email) {
    Map<String, SourceColumn> columns = new HashMap<>();
    for (String c : email ? List.of("email", "first_name", "last_name") : List.of("company_id", "name", "tier")) {
      columns.put(c, new SourceColumn(c, ColumnType.STRING, false));
    }
    return new SourceTable(TableRef.parse(email ? "acme-analytics.crm.end_users" : "acme-analytics.crm.companies"),
        false, columns, 1L);
  }

  /** Both sides in memory, and the ids of the records written since the last run's watermark. */
  private static final class World {
    final List<Row> rowList = new ArrayList<>();
    final Map<String, Map<String, Object>> recordMap = new LinkedHashMap<>();
    final Map<String, Map<String, String>> snapshots = new HashMap<>();
    final Set<String> changed = new HashSet<>();
    final Map<String, SyncedKey> state = new HashMap<>();
    List<SourceRow> rowsAsRead = List.of();
    List<CrmRecord> recordsAsRead = List.of();
    int counter;

    static final class Row {
      String key;
      final Map<String, Object> values = new HashMap<>();
    }

    static World random(Random random, CrmSection section, boolean email) {
      World world = new World();
      int n = random.nextInt(8);
      for (int i = 0; i < n; i++) {
        world.addRow(random, section, email);
      }
      int m = random.nextInt(8);
      for (int i = 0; i < m; i++) {
        world.addRecord(random, section, email);
      }
      return world;
    }

    String keyText(Random random, boolean email) {
      int i = random.nextInt(10);
      if (!email) {
        return "c" + i;
      }
      return switch (random.nextInt(6)) {
        case 0 -> "U" + i + "@X.com";
        case 1 -> "u" + i + "@x.com ";
        default -> "u" + i + "@x.com";
      };
    }

    void addRow(Random random, CrmSection section, boolean email) {
      Row row = new Row();
      int odd = random.nextInt(20);
      row.key = odd == 0 ? null : odd == 1 ? "" : keyText(random, email);
      for (FieldMapping f : section.fields()) {
        row.values.put(f.column(), VALUES[random.nextInt(VALUES.length)]);
      }
      rowList.add(row);
    }

    void addRecord(Random random, CrmSection section, boolean email) {
      String id = "r" + (counter++);
      Map<String, Object> fields = new HashMap<>();
      if (random.nextInt(12) > 0) {
        fields.put(section.crmKey().field(), keyText(random, email));
      }
      for (FieldMapping f : section.fields()) {
        fields.put(f.crmField(), VALUES[random.nextInt(VALUES.length)]);
      }
      recordMap.put(id, fields);
      changed.add(id);
    }

    void edit(Random random, CrmSection section, boolean email) {
      int edits = random.nextInt(6);
      for (int e = 0; e < edits; e++) {
        List<String> ids = new ArrayList<>(recordMap.keySet());
        switch (random.nextInt(8)) {
          case 0 -> addRow(random, section, email);
          case 1 -> addRecord(random, section, email);
          case 2 -> {
            if (!rowList.isEmpty()) {
              rowList.remove(random.nextInt(rowList.size()));
            }
          }
          case 3 -> {
            if (!ids.isEmpty()) {
              String id = ids.get(random.nextInt(ids.size()));
              recordMap.remove(id);
              snapshots.remove(id);
            }
          }
          case 4 -> {
            if (!ids.isEmpty()) { // re-key a record
              String id = ids.get(random.nextInt(ids.size()));
              recordMap.get(id).put(section.crmKey().field(), keyText(random, email));
              changed.add(id);
            }
          }
          case 5, 6 -> {
            if (!rowList.isEmpty()) {
              Row row = rowList.get(random.nextInt(rowList.size()));
              FieldMapping f = section.fields().get(random.nextInt(section.fields().size()));
              row.values.put(f.column(), VALUES[random.nextInt(VALUES.length)]);
            }
          }
          default -> {
            if (!ids.isEmpty()) {
              String id = ids.get(random.nextInt(ids.size()));
              FieldMapping f = section.fields().get(random.nextInt(section.fields().size()));
              recordMap.get(id).put(f.crmField(), VALUES[random.nextInt(VALUES.length)]);
              changed.add(id);
            }
          }
        }
      }
    }

    List<SourceRow> rows() {
      List<SourceRow> rows = new ArrayList<>();
      for (Row row : rowList) {
        Map<String, Object> values = new HashMap<>(row.values);
        SourceRow plain = new SourceRow(row.key, new HashMap<>(row.values));
        values.put(NextSyncState.ROW_HASH, ChangeQueryReference.hash(plain));
        rows.add(new SourceRow(row.key, values));
      }
      rowsAsRead = rows;
      return rows;
    }

    List<CrmRecord> records() {
      List<CrmRecord> records = new ArrayList<>();
      recordMap.forEach((id, fields) -> records.add(new CrmRecord(id, new HashMap<>(fields),
          snapshots.getOrDefault(id, Map.of()))));
      recordsAsRead = records;
      return records;
    }

    Set<String> allKeys(CrmSection section, CrmSyncPlanner planner) {
      Set<String> keys = new HashSet<>();
      for (SourceRow row : rowsAsRead) {
        if (row.key() != null && !row.key().toString().isBlank()) {
          keys.add(planner.normalizeKey(row.key().toString()));
        }
      }
      for (CrmRecord record : recordsAsRead) {
        String key = ChangedKeys.keyOf(section, planner::normalizeKey, record);
        if (key != null) {
          keys.add(key);
        }
      }
      keys.addAll(state.keySet());
      return keys;
    }

    /** Applies a plan as the MERGE and the CRM store would; every CRM write is a change the next run reads back. */
    void apply(SyncPlan plan, CrmSection section) {
      for (SyncPlan.WarehouseWrite w : plan.warehouseWrites()) {
        if (w.deletes()) {
          rowList.removeIf(r -> w.key().equals(r.key));
        } else if (w.insert()) {
          Row row = new Row();
          row.key = w.key();
          w.values().forEach((c, v) -> {
            if (!c.equals(section.warehouseKey())) {
              row.values.put(c, v);
            }
          });
          rowList.add(row);
        } else {
          rowList.stream().filter(r -> w.key().equals(r.key)).forEach(r -> r.values.putAll(w.values()));
        }
      }
      for (SyncPlan.CrmWrite w : plan.crmWrites()) {
        if (w.deletes()) {
          recordMap.remove(w.recordId());
          snapshots.remove(w.recordId());
          continue;
        }
        Map<String, Object> fields = recordMap.computeIfAbsent(w.recordId(), id -> new HashMap<>());
        fields.putAll(w.values());
        snapshots.put(w.recordId(), new HashMap<>(w.snapshot()));
        changed.add(w.recordId());
      }
    }
  }
}
