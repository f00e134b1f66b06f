package dev.bqsync.testing;

import dev.bqsync.core.FixedKeyMap;
import dev.bqsync.core.RunMeter;
import dev.bqsync.core.config.CrmKey;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.ChangePage;
import dev.bqsync.core.crm.ChangePosition;
import dev.bqsync.core.crm.ChangedRecord;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.state.Lease;
import dev.bqsync.gcp.FirestoreCrmRecords;
import dev.bqsync.gcp.FirestoreCrmStore;
import dev.bqsync.port.CrmChanges;
import dev.bqsync.port.CrmStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The CRM's records of one tenant in memory, for benchmarks whose CRM side the Firestore emulator
 * cannot hold in reasonable time (docs/benchmarks.md says where it is used). It keeps what the
 * Firestore adapters keep: fields, each section's snapshot, {@code changedAt} as the store's own
 * clock (strictly increasing, microseconds, like commit times), a read time per change read, and
 * values as Firestore returns them (whole numbers as Long, fractions as Double). Reads are counted
 * as the Firestore adapters count them. It does not fence writes by the lease: a benchmark runs
 * one sync at a time.
 */
public final class InMemoryCrm {
  private final String tenantId;
  private final CrmModel model;
  private final Map<String, Stored> records = new HashMap<>();
  private final TreeSet<ChangePosition> byChange = new TreeSet<>(
      Comparator.comparing(ChangePosition::changedAt).thenComparing(ChangePosition::recordId));
  private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

  private static final class Stored {
    final Map<String, Object> fields = new HashMap<>();
    final Map<String, Map<String, String>> snapshots = new HashMap<>();
    Instant changedAt;
  }

  public InMemoryCrm(String tenantId, CrmModel model) {
    this.tenantId = tenantId;
    this.model = model;
  }

  public synchronized int size() {
    return records.size();
  }

  /** As the CRM application writes: fields merged into the record keyed like FirestoreCrmRecords#upsert. */
  public synchronized void upsert(List<Map<String, Object>> writes) {
    Instant at = tick();
    for (Map<String, Object> write : writes) {
      String id = write.get("id") != null ? write.get("id").toString()
          : FirestoreCrmRecords.derivedId(tenantId, model, write);
      Stored record = records.computeIfAbsent(id, k -> new Stored());
      record.fields.put("id", id);
      write.forEach((field, value) -> record.fields.put(field, plain(value)));
      touch(id, record, at);
    }
  }

  public CrmStore store() {
    return new CrmStore() {
      @Override
      public List<CrmRecord> records(String tenant, CrmModel m, String sectionId, Collection<String> fields) {
        check(tenant, m);
        synchronized (InMemoryCrm.this) {
          String[] names = names(fields);
          List<CrmRecord> out = new ArrayList<>(records.size());
          records.forEach((id, record) -> out.add(record(id, record, sectionId, names)));
          RunMeter.crmReads(Math.max(1, out.size()));
          return out;
        }
      }

      @Override
      public void write(String tenant, CrmModel m, String sectionId, List<SyncPlan.CrmWrite> writes, Lease lease) {
        check(tenant, m);
        synchronized (InMemoryCrm.this) {
          Instant at = tick();
          for (SyncPlan.CrmWrite w : writes) {
            if (w.deletes()) {
              Stored gone = records.remove(w.recordId());
              if (gone != null) {
                byChange.remove(new ChangePosition(gone.changedAt, w.recordId()));
              }
              continue;
            }
            Stored record = records.get(w.recordId());
            if (record == null) {
              if (!w.create()) {
                throw new IllegalStateException("NOT_FOUND: no CRM record " + w.recordId() + " to update");
              }
              record = new Stored();
              records.put(w.recordId(), record);
              record.fields.put("id", w.recordId());
            }
            Stored target = record;
            w.values().forEach((field, value) -> target.fields.put(field, plain(value)));
            target.snapshots.put(sectionId, Map.copyOf(w.snapshot()));
            touch(w.recordId(), target, at);
          }
        }
      }
    };
  }

  public CrmChanges changes() {
    return new CrmChanges() {
      @Override
      public ChangePage changedSince(String tenant, CrmModel m, String sectionId, Collection<String> fields,
          Instant since, ChangePosition after, int limit) {
        check(tenant, m);
        synchronized (InMemoryCrm.this) {
          String[] names = names(fields);
          ChangePosition from = after != null && !after.changedAt().isBefore(since) ? after : null;
          var tail = from != null ? byChange.tailSet(from, false) : byChange.tailSet(new ChangePosition(since, ""), true);
          List<ChangedRecord> out = new ArrayList<>();
          boolean more = false;
          for (ChangePosition p : tail) {
            if (out.size() == limit) {
              more = true;
              break;
            }
            out.add(new ChangedRecord(record(p.recordId(), records.get(p.recordId()), sectionId, names), p.changedAt()));
          }
          RunMeter.crmReads(Math.max(1, out.size() + (more ? 1 : 0)));
          return new ChangePage(out, more ? out.get(out.size() - 1).position() : null, tick());
        }
      }

      @Override
      public long keyedRecords(String tenant, CrmModel m, CrmKey key) {
        check(tenant, m);
        synchronized (InMemoryCrm.this) {
          if (key == CrmKey.ID) {
            RunMeter.crmReads(Math.max(1, (records.size() + 999) / 1000));
            return records.size();
          }
          // Billed as the Firestore adapter's two counts: key != null, and key == "".
          long present = records.values().stream().filter(r -> r.fields.get(key.field()) != null).count();
          long empty = records.values().stream().filter(r -> "".equals(r.fields.get(key.field()))).count();
          RunMeter.crmReads(Math.max(1, (present + 999) / 1000) + Math.max(1, (empty + 999) / 1000));
          return present - empty;
        }
      }

      @Override
      public List<CrmRecord> records(String tenant, CrmModel m, String sectionId, Collection<String> fields,
          Collection<String> ids) {
        check(tenant, m);
        synchronized (InMemoryCrm.this) {
          String[] names = names(fields);
          List<CrmRecord> out = new ArrayList<>();
          for (String id : new LinkedHashSet<>(ids)) {
            Stored record = records.get(id);
            if (record != null) {
              out.add(record(id, record, sectionId, names));
            }
          }
          RunMeter.crmReads(ids.size());
          return out;
        }
      }
    };
  }

  private void check(String tenant, CrmModel m) {
    if (!tenant.equals(tenantId) || m != model) {
      throw new IllegalArgumentException("this CRM holds " + tenantId + "'s " + model + " records, not " + tenant + "'s "
          + m);
    }
  }

  private Instant tick() {
    clock = clock.plus(1, ChronoUnit.MICROS);
    return clock;
  }

  private void touch(String id, Stored record, Instant at) {
    if (record.changedAt != null) {
      byChange.remove(new ChangePosition(record.changedAt, id));
    }
    record.changedAt = at;
    byChange.add(new ChangePosition(at, id));
  }

  private static String[] names(Collection<String> fields) {
    return FirestoreCrmStore.names(fields); // projected exactly as the Firestore adapters project
  }


  private static CrmRecord record(String id, Stored record, String sectionId, String[] names) {
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = record.fields.get(names[i]);
    }
    return new CrmRecord(id, new FixedKeyMap(names, values), record.snapshots.getOrDefault(sectionId, Map.of()));
  }

  /** A value as Firestore hands it back: whole numbers Long, fractions Double, maps and lists copied. */
  private static Object plain(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(InMemoryCrm::plain).toList();
    }
    return value;
  }
}
