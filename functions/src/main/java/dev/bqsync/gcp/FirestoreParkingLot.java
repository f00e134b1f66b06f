package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import dev.bqsync.port.ParkingLot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parked usage rows in {@code tenants/{t}/parkedUsage/{recordId}}, with the time each was first parked. */
public final class FirestoreParkingLot implements ParkingLot {
  private final Firestore db;

  public FirestoreParkingLot(Firestore db) {
    this.db = db;
  }

  @Override
  public void park(String tenantId, List<ParkedRow> rows) {
    for (int from = 0; from < rows.size(); from += 500) {
      List<ParkedRow> chunk = rows.subList(from, Math.min(rows.size(), from + 500));
      DocumentReference[] refs = chunk.stream().map(r -> ref(tenantId, r.record().id())).toArray(DocumentReference[]::new);
      List<DocumentSnapshot> existing = FirestoreCalls.await(db.getAll(refs), "reading parked rows");
      WriteBatch batch = db.batch();
      int writes = 0;
      for (int i = 0; i < chunk.size(); i++) {
        if (existing.get(i).exists()) {
          continue; // keeps its first parking time
        }
        Map<String, Object> fields = new HashMap<>();
        fields.put("sectionId", chunk.get(i).record().sectionId());
        fields.put("record", UsageRecordCodec.encode(chunk.get(i).record()));
        fields.put("firstParkedAt", FirestoreValues.timestamp(chunk.get(i).firstParkedAt()));
        batch.set(refs[i], fields);
        writes++;
      }
      if (writes > 0) {
        FirestoreCalls.await(batch.commit(), "parking rows");
      }
    }
  }

  /**
   * Rows in document-id order from where the last call stopped ({@code parkedUsageRotation/{section}},
   * field {@code after}), wrapping around to the first id: an equality filter ordered by id needs
   * no composite index.
   */
  @Override
  public List<ParkedRow> parked(String tenantId, String sectionId, int limit) {
    DocumentReference position = FirestorePaths.document(
        FirestorePaths.tenant(db, tenantId).collection("parkedUsageRotation"), sectionId);
    DocumentSnapshot at = FirestoreCalls.await(position.get(), "reading the parked rows' rotation");
    String after = at.exists() ? at.getString("after") : null;
    List<QueryDocumentSnapshot> docs = new ArrayList<>(page(tenantId, sectionId, after, null, limit));
    if (docs.size() < limit && after != null) {
      docs.addAll(page(tenantId, sectionId, null, after, limit - docs.size())); // wrap around
    }
    String next = docs.size() < limit ? null : docs.get(docs.size() - 1).getId();
    FirestoreCalls.await(position.set(java.util.Collections.singletonMap("after", next)), "moving the rotation");
    List<ParkedRow> out = new ArrayList<>();
    for (QueryDocumentSnapshot doc : docs) {
      @SuppressWarnings("unchecked")
      Map<String, Object> record = (Map<String, Object>) doc.get("record");
      out.add(new ParkedRow(UsageRecordCodec.decode(doc.getId(), record),
          FirestoreValues.instant(doc.getTimestamp("firstParkedAt"))));
    }
    return out;
  }

  /** Parked rows of the section with ids after {@code after} and up to {@code upTo} (each optional). */
  private List<QueryDocumentSnapshot> page(String tenantId, String sectionId, String after, String upTo, int limit) {
    Query query = FirestorePaths.tenant(db, tenantId).collection("parkedUsage").whereEqualTo("sectionId", sectionId)
        .orderBy(FieldPath.documentId());
    if (after != null) {
      query = query.startAfter(after);
    }
    if (upTo != null) {
      query = query.endAt(upTo);
    }
    return FirestoreCalls.await(query.limit(limit).get(), "reading parked rows").getDocuments();
  }

  @Override
  public long count(String tenantId, String sectionId) {
    return FirestoreCalls.await(FirestorePaths.tenant(db, tenantId).collection("parkedUsage")
        .whereEqualTo("sectionId", sectionId).count().get(), "counting parked rows").getCount();
  }

  @Override
  public void remove(String tenantId, Collection<String> recordIds) {
    List<String> ids = new ArrayList<>(recordIds);
    for (int from = 0; from < ids.size(); from += 500) {
      WriteBatch batch = db.batch();
      ids.subList(from, Math.min(ids.size(), from + 500)).forEach(id -> batch.delete(ref(tenantId, id)));
      FirestoreCalls.await(batch.commit(), "removing parked rows");
    }
  }

  private DocumentReference ref(String tenantId, String recordId) {
    return FirestorePaths.document(FirestorePaths.tenant(db, tenantId).collection("parkedUsage"), recordId);
  }
}
