package dev.bqsync.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.UpdateBuilder;
import com.google.cloud.firestore.WriteBatch;
import dev.bqsync.core.config.CrmField;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.FieldType;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.state.Lease;
import dev.bqsync.port.CrmStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CRM records in {@code tenants/{t}/models/{Model}/records/{id}}. Custom fields live in the
 * {@code custom} map, a section's snapshot in {@code syncState.{sectionId}}. A record's new values
 * and its new snapshot go in one document write, with {@code changedAt} (the commit time); a delete
 * (onDelete DELETE) removes the document. DATE fields are kept as {@code yyyy-MM-dd} text,
 * TIMESTAMP fields as Firestore timestamps.
 */
public final class FirestoreCrmStore implements CrmStore {
  private static final String SYNC_STATE = "syncState";
  private static final int PAGE = 5_000;
  private static final int BATCH = 499;

  private final Firestore db;
  private final Clock clock;

  public FirestoreCrmStore(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<CrmRecord> records(String tenantId, CrmModel model, String sectionId, Collection<String> fields) {
    String[] names = names(fields);
    List<CrmRecord> out = new ArrayList<>();
    // Pages ordered by id: one query for a whole model can outgrow a single RPC.
    var base = FirestoreCrmRecords.records(db, tenantId, model).select(selection(names, sectionId))
        .orderBy(FieldPath.documentId()).limit(PAGE);
    QueryDocumentSnapshot last = null;
    while (true) {
      var query = last == null ? base : base.startAfter(last);
      List<QueryDocumentSnapshot> docs = FirestoreCalls.await(query.get(), "reading CRM records").getDocuments();
      dev.bqsync.core.RunMeter.crmReads(Math.max(1, docs.size())); // an empty result is billed one read
      for (QueryDocumentSnapshot doc : docs) {
        out.add(record(doc, model, sectionId, names));
      }
      if (docs.size() < PAGE) {
        break;
      }
      last = docs.get(docs.size() - 1);
    }
    return out;
  }

  /** The fields a section reads: the key fields, then the named ones. */
  public static String[] names(Collection<String> fields) {
    Set<String> wanted = new LinkedHashSet<>(List.of("id", "sourceId", "externalId", "email"));
    wanted.addAll(fields);
    return wanted.toArray(String[]::new);
  }

  /** What a read projects: the fields, the section's snapshot, and any {@code extra} field paths. */
  static FieldPath[] selection(String[] names, String sectionId, FieldPath... extra) {
    List<FieldPath> selected = new ArrayList<>();
    for (String name : names) {
      selected.add(path(name));
    }
    selected.add(FieldPath.of(SYNC_STATE, sectionId));
    selected.addAll(List.of(extra));
    return selected.toArray(FieldPath[]::new);
  }

  @SuppressWarnings("unchecked")
  static CrmRecord record(DocumentSnapshot doc, CrmModel model, String sectionId, String[] names) {
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      Object value = doc.get(path(names[i]));
      values[i] = value == null ? null : fromFirestore(model, names[i], value);
    }
    Object state = doc.get(FieldPath.of(SYNC_STATE, sectionId));
    Map<String, String> snapshot = new HashMap<>();
    if (state instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).forEach((k, v) -> snapshot.put(k, String.valueOf(v)));
    }
    return new CrmRecord(doc.getId(), new dev.bqsync.core.FixedKeyMap(names, values), snapshot);
  }

  @Override
  public void write(String tenantId, CrmModel model, String sectionId, List<SyncPlan.CrmWrite> writes, Lease lease) {
    // Fenced batches are transactions (one lease read + the writes); unfenced ones plain batches.
    // Not BulkWriter: it cannot make a write conditional on the lease (docs/state.md).
    for (int from = 0; from < writes.size(); from += BATCH) {
      List<SyncPlan.CrmWrite> chunk = writes.subList(from, Math.min(writes.size(), from + BATCH));
      if (lease == null) {
        WriteBatch batch = db.batch();
        chunk.forEach(w -> add(batch, tenantId, model, sectionId, w));
        FirestoreCalls.await(batch.commit(), "writing CRM records");
      } else {
        FirestoreCalls.await(db.runTransaction(tx -> {
          FirestoreLeaseStore.check(tx, db, lease, clock.instant());
          chunk.forEach(w -> add(tx, tenantId, model, sectionId, w));
          return null;
        }), "writing CRM records");
      }
    }
  }

  private void add(UpdateBuilder<?> batch, String tenantId, CrmModel model, String sectionId, SyncPlan.CrmWrite write) {
    DocumentReference ref = FirestorePaths.document(FirestoreCrmRecords.records(db, tenantId, model), write.recordId());
    if (write.deletes()) {
      batch.delete(ref); // onDelete DELETE: the record's BigQuery row disappeared
      return;
    }
    if (write.create()) {
      Map<String, Object> doc = new HashMap<>();
      doc.put("id", write.recordId());
      write.values().forEach((field, value) -> put(doc, field, toFirestore(value)));
      Object email = write.values().get("email");
      if (email != null) {
        doc.put("emailLower", email.toString().toLowerCase(Locale.ROOT));
      }
      doc.put(SYNC_STATE, Map.of(sectionId, write.snapshot()));
      doc.put(FirestoreCrmRecords.CHANGED_AT, FieldValue.serverTimestamp());
      batch.set(ref, doc, com.google.cloud.firestore.SetOptions.merge());
      return;
    }
    Map<FieldPath, Object> update = new HashMap<>();
    write.values().forEach((field, value) -> update.put(path(field), toFirestore(value)));
    update.put(FieldPath.of(SYNC_STATE, sectionId), write.snapshot());
    update.put(FieldPath.of(FirestoreCrmRecords.CHANGED_AT), FieldValue.serverTimestamp());
    if (write.values().containsKey("email")) {
      Object email = write.values().get("email");
      update.put(FieldPath.of("emailLower"), email == null ? null : email.toString().toLowerCase(Locale.ROOT));
    }
    List<Object> rest = new ArrayList<>();
    var entries = new ArrayList<>(update.entrySet());
    for (int i = 1; i < entries.size(); i++) {
      rest.add(entries.get(i).getKey());
      rest.add(entries.get(i).getValue());
    }
    batch.update(ref, entries.get(0).getKey(), entries.get(0).getValue(), rest.toArray());
  }

  /** {@code custom.Health Score} is the field "Health Score" inside the {@code custom} map. */
  static FieldPath path(String field) {
    if (field.startsWith("custom.")) {
      return FieldPath.of("custom", field.substring("custom.".length()));
    }
    return FieldPath.of(field);
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> doc, String field, Object value) {
    if (field.startsWith("custom.")) {
      ((Map<String, Object>) doc.computeIfAbsent("custom", k -> new HashMap<String, Object>()))
          .put(field.substring("custom.".length()), value);
    } else {
      doc.put(field, value);
    }
  }

  private static Object toFirestore(Object value) {
    if (value instanceof Instant i) {
      return FirestoreValues.timestamp(i);
    }
    if (value instanceof LocalDate d) {
      return d.toString();
    }
    return value;
  }

  private static Object fromFirestore(CrmModel model, String field, Object value) {
    if (value instanceof Timestamp t) {
      return FirestoreValues.instant(t);
    }
    CrmField known = model.field(field).orElse(null);
    if (known != null && known.type() == FieldType.DATE && value instanceof String s) {
      try {
        return LocalDate.parse(s);
      } catch (RuntimeException e) {
        return s;
      }
    }
    return value;
  }
}
