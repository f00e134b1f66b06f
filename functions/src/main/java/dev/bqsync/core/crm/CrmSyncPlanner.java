package dev.bqsync.core.crm;

import dev.bqsync.core.Sha256;
import dev.bqsync.core.config.ConflictPolicy;
import dev.bqsync.core.config.CrmKey;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.DeleteAction;
import dev.bqsync.core.config.DeletePolicy;
import dev.bqsync.core.config.Direction;
import dev.bqsync.core.config.FieldMapping;
import dev.bqsync.core.config.FieldType;
import dev.bqsync.core.config.Identifiers;
import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.RejectionReason;
import dev.bqsync.core.usage.SourceColumn;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pure heart of the CRM sync: match BigQuery rows and CRM records on their keys, decide every
 * mapped field by its direction (three-way against the last-synced snapshot for BOTH), and plan
 * creates on either side. Keys that are null, empty, repeated (emails once normalised) or not a
 * possible record id are rejected with every row or record that carries them, on both sides, and
 * those are left untouched.
 */
public final class CrmSyncPlanner {
  private final String tenantId;
  private final CrmSection section;
  private final Map<String, FieldConversion> conversions = new HashMap<>();
  private final boolean sendsToTable;
  private final boolean receives;
  private final Instant now;
  private final ZoneId zone;
  private final ColumnType archiveColumnType;

  /** A planner for a tenant whose dates are read in UTC. */
  public CrmSyncPlanner(String tenantId, CrmSection section, SourceTable table) {
    this(tenantId, ZoneOffset.UTC, section, table);
  }

  /** {@code zone} is the tenant's time zone: a TIMESTAMP received into a DATE field is that day there. */
  public CrmSyncPlanner(String tenantId, ZoneId zone, CrmSection section, SourceTable table) {
    this(tenantId, zone, section, table, Instant.now());
  }

  /** {@code now} is the run's time: what ARCHIVE writes into a TIMESTAMP or DATE mark. */
  public CrmSyncPlanner(String tenantId, ZoneId zone, CrmSection section, SourceTable table, Instant now) {
    this.tenantId = tenantId;
    this.now = now;
    this.zone = zone;
    DeletePolicy onRecordDeleted = section.options().onDelete().recordDeleted();
    this.archiveColumnType = onRecordDeleted.action() == DeleteAction.ARCHIVE
        ? table.column(onRecordDeleted.target()).map(SourceColumn::type).orElse(null) : null;
    this.section = section;
    for (FieldMapping f : section.fields()) {
      SourceColumn column = table.column(f.column()).orElseThrow();
      conversions.put(f.crmField(), new FieldConversion(f.crmField(), f.column(),
          section.model().field(f.crmField()).orElseThrow().type(), column.type(), column.required(), zone));
    }
    this.sendsToTable = !table.view() && section.fields().stream().anyMatch(f -> f.effectiveDirection(section.direction()).sends());
    this.receives = section.fields().stream().anyMatch(f -> f.effectiveDirection(section.direction()).receives());
  }

  /** The CRM id a record created for {@code key} gets: the same on every run, so a rerun creates nothing twice. */
  public static String createdId(String tenantId, String model, String key) {
    return Sha256.hex(tenantId + "\u0000" + model + "\u0000" + key).substring(0, 32);
  }

  public SyncPlan plan(List<SourceRow> rows, List<CrmRecord> records) {
    return plan(rows, records, null);
  }

  /**
   * Plans with the section's last-synced state ({@code lastSynced}: key to what the last run that
   * examined it left; null when the tenant keeps no state): a key whose row or record was there and
   * is gone is a deletion, and the other side is not re-created. Keys missing from {@code lastSynced}
   * were never synced. The same call decides a full run (every key) and an incremental one (the keys
   * that changed), so the two decide alike.
   */
  public SyncPlan plan(List<SourceRow> rows, List<CrmRecord> records, Map<String, SyncedKey> lastSynced) {
    Map<String, SyncedKey> state = lastSynced == null ? Map.of() : lastSynced;
    long rowsDeleted = 0;
    long recordsDeleted = 0;
    Counters counts = new Counters();
    Map<String, KeyRejection> rowRejections = new LinkedHashMap<>();
    Map<String, KeyRejection> recordRejections = new LinkedHashMap<>();
    Map<String, SourceRow> warehouse = indexRows(rows, counts, rowRejections);
    Map<String, CrmRecord> crm = indexRecords(records, counts, recordRejections);
    excludeRejectedKeys(warehouse, crm, rowRejections, recordRejections, counts);
    List<SyncPlan.CrmWrite> crmWrites = new ArrayList<>();
    List<SyncPlan.WarehouseWrite> warehouseWrites = new ArrayList<>();
    long matched = 0;
    long onlyInWarehouse = 0;
    for (Map.Entry<String, SourceRow> entry : warehouse.entrySet()) {
      CrmRecord record = crm.remove(entry.getKey());
      try {
        if (record != null) {
          matched++;
          pair(entry.getKey(), entry.getValue(), record, crmWrites, warehouseWrites, counts);
        } else {
          onlyInWarehouse++;
          SyncedKey synced = state.get(entry.getKey());
          if (synced != null && synced.hadRecord()) {
            if (!synced.recordDeleted()) { // acted on and counted once, on the run that finds it
              recordsDeleted++;
              onRecordDeleted(entry.getValue(), warehouseWrites);
            }
          } else if (receives && section.options().createInCrm()) {
            crmWrites.add(createInCrm(entry.getKey(), entry.getValue(), counts));
          }
        }
      } catch (ConversionProblem p) {
        counts.reject(RejectionReason.VALUE_NOT_CONVERTIBLE, entry.getKey(), p.getMessage());
      }
    }
    long onlyInCrm = crm.size();
    boolean creates = sendsToTable && section.options().createInWarehouse();
    for (Map.Entry<String, CrmRecord> entry : crm.entrySet()) {
      SyncedKey synced = state.get(entry.getKey());
      if (synced != null && synced.hadRow()) {
        if (!synced.rowDeleted()) {
          rowsDeleted++;
          onRowDeleted(entry.getKey(), entry.getValue(), crmWrites);
        }
        continue;
      }
      if (!creates) {
        continue;
      }
      try {
        createInWarehouse(entry.getKey(), entry.getValue(), crmWrites, warehouseWrites, counts);
      } catch (ConversionProblem p) {
        counts.reject(RejectionReason.VALUE_NOT_CONVERTIBLE, entry.getKey(), p.getMessage());
      }
    }
    return new SyncPlan(crmWrites, warehouseWrites, counts.changesByField, counts.conflictSamples, counts.conflicts,
        counts.rejected, counts.samples, matched, onlyInWarehouse, onlyInCrm, counts.withoutKey,
        List.copyOf(counts.losses.values()), counts.rejectedKeys, new KeyDeletions(rowsDeleted, recordsDeleted));
  }

  /**
   * The section's rowDeleted policy for a CRM record whose BigQuery row disappeared: CLEAR blanks
   * the fields this section writes into the CRM (RECEIVE and BOTH) and records them as synced blank,
   * ARCHIVE sets the mark, DELETE removes the record.
   */
  private void onRowDeleted(String key, CrmRecord record, List<SyncPlan.CrmWrite> crmWrites) {
    DeletePolicy policy = section.options().onDelete().rowDeleted();
    switch (policy.action()) {
      case IGNORE -> { }
      case DELETE -> crmWrites.add(new SyncPlan.CrmWrite(record.id(), key, false, Map.of(), record.snapshot(),
          DeleteAction.DELETE));
      case ARCHIVE -> crmWrites.add(new SyncPlan.CrmWrite(record.id(), key, false,
          Map.of(policy.target(), archiveMark(section.model().field(policy.target()).orElseThrow().type())),
          record.snapshot(), DeleteAction.ARCHIVE));
      case CLEAR -> {
        Map<String, Object> blank = new LinkedHashMap<>();
        Map<String, String> snapshot = new TreeMap<>(record.snapshot());
        for (FieldMapping f : section.fields()) {
          Direction direction = f.effectiveDirection(section.direction());
          if (direction.receives() && record.field(f.crmField()) != null) {
            blank.put(f.crmField(), null);
          }
          if (direction == Direction.BOTH) {
            snapshot.put(f.crmField(), conversions.get(f.crmField()).compared(null));
          }
        }
        crmWrites.add(new SyncPlan.CrmWrite(record.id(), key, false, blank, snapshot, DeleteAction.CLEAR));
      }
    }
  }

  /**
   * The section's recordDeleted policy for a BigQuery row whose CRM record disappeared: CLEAR sets
   * the columns this section writes (SEND and BOTH) to NULL, ARCHIVE sets the mark, DELETE removes
   * the row. The schema check has made sure CLEAR finds no REQUIRED column and ARCHIVE its column.
   */
  private void onRecordDeleted(SourceRow row, List<SyncPlan.WarehouseWrite> warehouseWrites) {
    DeletePolicy policy = section.options().onDelete().recordDeleted();
    String rowKey = row.key().toString();
    switch (policy.action()) {
      case IGNORE -> { }
      case DELETE -> warehouseWrites.add(new SyncPlan.WarehouseWrite(rowKey, false, Map.of(), DeleteAction.DELETE));
      case ARCHIVE -> {
        Map<String, Object> mark = new LinkedHashMap<>();
        mark.put(policy.target(), archiveCell(archiveColumnType));
        warehouseWrites.add(new SyncPlan.WarehouseWrite(rowKey, false, mark, DeleteAction.ARCHIVE));
      }
      case CLEAR -> {
        Map<String, Object> blank = new LinkedHashMap<>();
        for (FieldMapping f : section.fields()) {
          if (f.effectiveDirection(section.direction()).sends() && row.value(f.column()) != null) {
            blank.put(f.column(), null);
          }
        }
        warehouseWrites.add(new SyncPlan.WarehouseWrite(rowKey, false, blank, DeleteAction.CLEAR));
      }
    }
  }

  /** ARCHIVE's mark in a CRM field: true, or the run's time (a DATE: its day in the tenant's zone). */
  private Object archiveMark(FieldType type) {
    return switch (type) {
      case TIMESTAMP -> now;
      case DATE -> java.time.LocalDate.ofInstant(now, zone);
      default -> Boolean.TRUE; // BOOLEAN, and a custom field of no declared type
    };
  }

  /** ARCHIVE's mark in a column, as the MERGE writes that column's type. */
  private Object archiveCell(ColumnType type) {
    if (type == null) {
      throw new IllegalStateException("the schema check lets no ARCHIVE run without its column");
    }
    return switch (type) {
      case BOOL -> Boolean.TRUE;
      case TIMESTAMP -> now;
      case DATETIME -> java.time.LocalDateTime.ofInstant(now, zone);
      case DATE -> java.time.LocalDate.ofInstant(now, zone);
      default -> throw new IllegalStateException("the schema check lets no ARCHIVE run into a " + type + " column");
    };
  }

  /** The key as the planner matches it: emails trimmed and lower-cased, every other key as it is. */
  public String normalizeKey(String key) {
    return section.crmKey() == CrmKey.EMAIL ? key.trim().toLowerCase(Locale.ROOT) : key;
  }

  /** Why a key is rejected on one side, and how many rows or records there carry it. */
  private record KeyRejection(RejectionReason reason, long carriers, String detail) {}

  private Map<String, SourceRow> indexRows(List<SourceRow> rows, Counters counts, Map<String, KeyRejection> rejections) {
    Map<String, SourceRow> unique = new LinkedHashMap<>(rows.size() * 4 / 3 + 1);
    Map<String, List<String>> repeats = new LinkedHashMap<>();
    for (SourceRow row : rows) {
      Object raw = row.key();
      if (raw == null || raw.toString().isBlank()) {
        counts.reject(raw == null ? RejectionReason.NULL_KEY : RejectionReason.EMPTY_KEY, null,
            "a BigQuery row has a " + (raw == null ? "null" : "empty") + " " + section.warehouseKey());
        continue;
      }
      String key = normalizeKey(raw.toString());
      Optional<String> notAnId = section.crmKey() == CrmKey.ID ? Identifiers.documentIdProblem(key) : Optional.empty();
      if (notAnId.isPresent()) {
        // A native id becomes the record's document id: one that reads as a path is this row's problem only.
        rejections.merge(key, new KeyRejection(RejectionReason.KEY_NOT_AN_ID, 1, section.warehouseKey() + " "
            + notAnId.get()), (a, b) -> new KeyRejection(a.reason(), a.carriers() + 1, a.detail()));
        continue;
      }
      SourceRow first = unique.putIfAbsent(key, row);
      if (first != null) {
        repeats.computeIfAbsent(key, k -> new ArrayList<>(List.of(first.key().toString()))).add(raw.toString());
      }
    }
    repeats.forEach((key, raws) -> {
      unique.remove(key);
      rejections.put(key, new KeyRejection(RejectionReason.DUPLICATE_KEY, raws.size(),
          raws.size() + " BigQuery rows have " + section.warehouseKey() + " '" + key + "'" + asWritten(key, raws)));
    });
    return unique;
  }

  /** For emails, the forms the rows hold when they differ from the matched one ('Eve@x.com', 'eve@x.com'). */
  private static String asWritten(String key, List<String> raws) {
    if (raws.stream().allMatch(key::equals)) {
      return "";
    }
    return " once trimmed and lower-cased (" + String.join(", ", raws.stream().map(r -> "'" + r + "'").toList()) + ")";
  }

  private Map<String, CrmRecord> indexRecords(List<CrmRecord> records, Counters counts,
      Map<String, KeyRejection> rejections) {
    Map<String, CrmRecord> unique = new HashMap<>(records.size() * 4 / 3 + 1);
    Map<String, Integer> repeats = new LinkedHashMap<>();
    String keyField = section.crmKey().field();
    for (CrmRecord record : records) {
      Object raw = section.crmKey() == CrmKey.ID ? record.id() : record.field(keyField);
      if (raw == null || raw.toString().isBlank()) {
        counts.withoutKey++; // not part of this sync: nothing to match it on
        continue;
      }
      String key = normalizeKey(raw.toString());
      if (unique.putIfAbsent(key, record) != null) {
        repeats.merge(key, 2, (a, b) -> a + 1);
      }
    }
    repeats.forEach((key, n) -> {
      unique.remove(key);
      rejections.put(key, new KeyRejection(RejectionReason.DUPLICATE_KEY, n,
          n + " CRM records have " + keyField + " '" + key + "'"));
    });
    return unique;
  }

  /**
   * A key rejected on either side is left out on both: otherwise the other side's row or record
   * would look unmatched and be created again (a third record, or an insert that the MERGE turns
   * into an update of every row carrying the key). The same keys are rejected the same way on every
   * run until someone fixes them.
   */
  private static void excludeRejectedKeys(Map<String, SourceRow> warehouse, Map<String, CrmRecord> crm,
      Map<String, KeyRejection> rowRejections, Map<String, KeyRejection> recordRejections, Counters counts) {
    rowRejections.forEach((key, r) -> {
      KeyRejection inCrm = recordRejections.remove(key);
      boolean recordLeftOut = crm.remove(key) != null;
      long carriers = r.carriers() + (inCrm != null ? inCrm.carriers() : recordLeftOut ? 1 : 0);
      String detail = r.detail() + (inCrm != null ? "; " + inCrm.detail()
          : recordLeftOut ? "; the CRM record with it is left untouched too" : "");
      counts.reject(r.reason(), key, detail, carriers);
    });
    recordRejections.forEach((key, r) -> {
      boolean rowLeftOut = warehouse.remove(key) != null;
      counts.reject(r.reason(), key, r.detail() + (rowLeftOut ? "; the BigQuery row with it is left untouched too" : ""),
          r.carriers() + (rowLeftOut ? 1 : 0));
    });
  }

  private void pair(String key, SourceRow row, CrmRecord record, List<SyncPlan.CrmWrite> crmWrites,
      List<SyncPlan.WarehouseWrite> warehouseWrites, Counters counts) {
    Map<String, Object> toCrm = new LinkedHashMap<>();
    Map<String, Object> toWarehouse = new LinkedHashMap<>();
    // The snapshot is copied only when one of its values changes: most pairs change nothing.
    Snapshot snapshot = new Snapshot(record.snapshot());
    for (FieldMapping f : section.fields()) {
      Direction direction = f.effectiveDirection(section.direction());
      FieldConversion conversion = conversions.get(f.crmField());
      Object crmValue = record.field(f.crmField());
      Object cell = row.value(f.column());
      if (direction == Direction.RECEIVE) {
        Object warehouseValue = convertToCrm(conversion, cell, crmValue);
        counts.received(conversion, cell, warehouseValue);
        if (!conversion.compared(crmValue).equals(conversion.compared(warehouseValue))
            && !(warehouseValue == null && f.skipNulls())) {
          toCrm.put(f.crmField(), warehouseValue);
        }
        continue;
      }
      // What is sent is compared as the column will hold it, so a value BigQuery rounds is written once.
      String c = sent(conversion, crmValue);
      counts.loss(conversion, crmValue, c);
      if (direction == Direction.SEND) {
        // A cell that does not convert to the CRM's type is simply different: SEND overwrites it.
        String w = conversion.cellText(cell, crmValue);
        if (!c.equals(w) && !(crmValue == null && f.skipNulls())) {
          toWarehouse.put(f.column(), convertToWarehouse(conversion, crmValue));
        }
        continue;
      }
      Object warehouseValue = convertToCrm(conversion, cell, crmValue);
      counts.received(conversion, cell, warehouseValue);
      String w = conversion.compared(warehouseValue);
      String last = record.snapshot().get(f.crmField());
      if (c.equals(w)) {
        snapshot.set(f.crmField(), c);
        continue;
      }
      if (f.skipNulls() && (crmValue == null || warehouseValue == null)) {
        // A skipped null is no value: that side offers nothing, so the other side's value is copied
        // over it only when it changed since the last sync. Counting the null as a change would make
        // every later edit a conflict that the null wins and then skips, forever.
        boolean sendCrm = warehouseValue == null;
        String other = sendCrm ? c : w;
        if (last == null || !other.equals(last)) {
          if (sendCrm) {
            toWarehouse.put(f.column(), convertToWarehouse(conversion, crmValue));
          } else {
            toCrm.put(f.crmField(), warehouseValue);
          }
          snapshot.set(f.crmField(), other);
        }
        continue;
      }
      boolean crmChanged = last == null || !c.equals(last);
      boolean warehouseChanged = last == null || !w.equals(last);
      boolean receive;
      if (crmChanged && !warehouseChanged) {
        receive = false;
      } else if (warehouseChanged && !crmChanged) {
        receive = true;
      } else {
        receive = resolveConflict(row, record);
        counts.conflict(new SyncPlan.Conflict(key, f.crmField(), TypedValue.fromCanonical(c), TypedValue.fromCanonical(w),
            receive ? Side.WAREHOUSE : Side.CRM));
      }
      if (receive) {
        toCrm.put(f.crmField(), warehouseValue);
        snapshot.set(f.crmField(), w);
      } else {
        toWarehouse.put(f.column(), convertToWarehouse(conversion, crmValue));
        snapshot.set(f.crmField(), c);
      }
    }
    toCrm.keySet().forEach(field -> counts.change(field));
    toWarehouse.keySet().forEach(column -> counts.change(fieldOf(column)));
    if (!toCrm.isEmpty() || snapshot.changed()) {
      crmWrites.add(new SyncPlan.CrmWrite(record.id(), key, false, toCrm, snapshot.values()));
    }
    if (!toWarehouse.isEmpty()) {
      // The MERGE matches the row by its key as BigQuery holds it: for emails, not the normalised form.
      warehouseWrites.add(new SyncPlan.WarehouseWrite(row.key().toString(), false, toWarehouse));
    }
  }

  /** NEWEST compares the two updated-at values; BigQuery wins a tie or a missing one, as it does by default. */
  private boolean resolveConflict(SourceRow row, CrmRecord record) {
    ConflictPolicy policy = section.options().conflictPolicy();
    if (policy == ConflictPolicy.CRM_WINS) {
      return false;
    }
    if (policy == ConflictPolicy.NEWEST) {
      Instant warehouseAt = instantOrNull(row.value(section.options().updatedAtColumn()));
      Instant crmAt = instantOrNull(record.field(section.options().updatedAtField()));
      if (warehouseAt != null && crmAt != null && crmAt.isAfter(warehouseAt)) {
        return false;
      }
    }
    return true;
  }

  private static Instant instantOrNull(Object value) {
    try {
      return value == null ? null : CrmValues.instant(value);
    } catch (ConversionException e) {
      return null;
    }
  }

  private SyncPlan.CrmWrite createInCrm(String key, SourceRow row, Counters counts) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> snapshot = new TreeMap<>();
    if (section.crmKey() != CrmKey.ID) {
      values.put(section.crmKey().field(), row.key().toString());
    }
    // A new record takes every mapped field from its row, SEND fields too: otherwise the next run
    // would send the new record's empty SEND fields back and blank the row's values.
    for (FieldMapping f : section.fields()) {
      Direction direction = f.effectiveDirection(section.direction());
      FieldConversion conversion = conversions.get(f.crmField());
      Object cell = row.value(f.column());
      Object value = direction.receives() ? convertToCrm(conversion, cell, null)
          : convertedOrNull(() -> conversion.fromCell(cell, null));
      if (direction.receives()) {
        counts.received(conversion, cell, value);
      }
      if (value != null) {
        values.put(f.crmField(), value);
        counts.change(f.crmField());
      }
      if (direction == Direction.BOTH) {
        snapshot.put(f.crmField(), conversion.compared(value));
      }
    }
    String id = section.crmKey() == CrmKey.ID ? row.key().toString() : createdId(tenantId, section.model().name(), key);
    return new SyncPlan.CrmWrite(id, key, true, values, snapshot);
  }

  private void createInWarehouse(String key, CrmRecord record, List<SyncPlan.CrmWrite> crmWrites,
      List<SyncPlan.WarehouseWrite> warehouseWrites, Counters counts) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> snapshot = new TreeMap<>(record.snapshot());
    Object rawKey = section.crmKey() == CrmKey.ID ? record.id() : record.field(section.crmKey().field());
    values.put(section.warehouseKey(), rawKey.toString());
    // Likewise a new row takes every mapped column from its record, RECEIVE ones too.
    for (FieldMapping f : section.fields()) {
      Direction direction = f.effectiveDirection(section.direction());
      FieldConversion conversion = conversions.get(f.crmField());
      Object crmValue = record.field(f.crmField());
      Object cell = direction.sends() ? convertToWarehouse(conversion, crmValue)
          : convertedOrNull(() -> conversion.toCell(crmValue));
      if (cell == null && conversion.required()) {
        throw new ConversionProblem(f.crmField() + " -> " + f.column() + ": the new row would leave REQUIRED column "
            + f.column() + " empty: give the CRM record a value for " + f.crmField() + " or make the column NULLABLE");
      }
      values.put(f.column(), cell);
      if (crmValue != null) {
        counts.change(f.crmField());
      }
      if (direction.sends()) {
        String sent = sent(conversion, crmValue);
        counts.loss(conversion, crmValue, sent);
        if (direction == Direction.BOTH) {
          snapshot.put(f.crmField(), sent);
        }
      }
    }
    warehouseWrites.add(new SyncPlan.WarehouseWrite(rawKey.toString(), true, values));
    if (!snapshot.equals(new TreeMap<>(record.snapshot()))) {
      crmWrites.add(new SyncPlan.CrmWrite(record.id(), key, false, Map.of(), snapshot));
    }
  }

  /** A conversion for a field that does not flow this way: a value that does not convert is left out. */
  private static <T> T convertedOrNull(java.util.function.Supplier<T> conversion) {
    try {
      return conversion.get();
    } catch (ConversionException e) {
      return null;
    }
  }

  private static Object convertToCrm(FieldConversion conversion, Object cell, Object current) {
    try {
      return conversion.fromCell(cell, current);
    } catch (ConversionException e) {
      throw new ConversionProblem(conversion.column() + " -> " + conversion.field() + ": " + e.getMessage());
    }
  }

  /** The CRM value as the column will hold it, or the pair's rejection when it does not convert. */
  private static String sent(FieldConversion conversion, Object crmValue) {
    try {
      return conversion.sent(crmValue);
    } catch (ConversionException e) {
      throw new ConversionProblem(conversion.field() + " -> " + conversion.column() + ": " + e.getMessage());
    }
  }

  private static Object convertToWarehouse(FieldConversion conversion, Object crmValue) {
    try {
      return conversion.toCell(crmValue);
    } catch (ConversionException e) {
      throw new ConversionProblem(conversion.field() + " -> " + conversion.column() + ": " + e.getMessage());
    }
  }

  private String fieldOf(String column) {
    for (FieldMapping f : section.fields()) {
      if (f.column().equals(column)) {
        return f.crmField();
      }
    }
    return column;
  }

  /** A record's snapshot, copied on the first change. */
  private static final class Snapshot {
    private final Map<String, String> original;
    private Map<String, String> copy;

    Snapshot(Map<String, String> original) {
      this.original = original;
    }

    void set(String field, String canonical) {
      if (copy == null) {
        if (canonical.equals(original.get(field))) {
          return;
        }
        copy = new TreeMap<>(original);
      }
      copy.put(field, canonical);
    }

    boolean changed() {
      return copy != null && !copy.equals(original);
    }

    Map<String, String> values() {
      return copy == null ? new TreeMap<>(original) : copy;
    }
  }

  private static final class ConversionProblem extends RuntimeException {
    ConversionProblem(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Counters {
    final Map<String, Long> changesByField = new TreeMap<>();
    final List<SyncPlan.Conflict> conflictSamples = new ArrayList<>();
    long conflicts;
    final Map<String, Long> rejected = new TreeMap<>();
    final List<RejectedRow> samples = new ArrayList<>();
    long withoutKey;
    final Map<String, RoundTripLoss> losses = new TreeMap<>();
    final Map<String, String> rejectedKeys = new HashMap<>();

    /** The first value of each field that the column cannot hold exactly: one warning per field and run. */
    void loss(FieldConversion conversion, Object crmValue, String sent) {
      if (crmValue != null && !losses.containsKey(conversion.field())) {
        try {
          conversion.loss(crmValue, sent).ifPresent(l -> losses.put(conversion.field(), l));
        } catch (ConversionException notConvertible) {
          // the pair is rejected where its value is converted; it loses nothing to a round trip
        }
      }
    }

    /** Likewise for a cell the CRM field holds differently (NUMERIC or a large INT64 as a double): once per field. */
    void received(FieldConversion conversion, Object cell, Object held) {
      String key = conversion.column() + " -> " + conversion.field();
      if (!losses.containsKey(key)) {
        conversion.receivedLoss(cell, held).ifPresent(l -> losses.put(key, l));
      }
    }

    void change(String field) {
      changesByField.merge(field, 1L, Long::sum);
    }

    void conflict(SyncPlan.Conflict conflict) {
      conflicts++;
      if (conflictSamples.size() < RunRecord.MAX_SAMPLES) {
        conflictSamples.add(conflict);
      }
    }

    void reject(RejectionReason reason, String key, String detail) {
      reject(reason, key, detail, 1);
    }

    void reject(RejectionReason reason, String key, String detail, long rows) {
      rejected.merge(reason.name(), rows, Long::sum);
      if (key != null) {
        rejectedKeys.putIfAbsent(key, reason.name());
      }
      if (samples.size() < RunRecord.MAX_SAMPLES) {
        samples.add(new RejectedRow(key, reason.name(), detail));
      }
    }
  }
}
