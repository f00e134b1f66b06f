package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
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

  @Override
  @SuppressWarnings("unchecked")
  public List<ParkedRow> parked(String tenantId, String sectionId, int limit) {
    List<ParkedRow> out = new ArrayList<>();
    var query = FirestorePaths.tenant(db, tenantId).collection("parkedUsage").whereEqualTo("sectionId", sectionId)
        .limit(limit);
    for (QueryDocumentSnapshot doc : FirestoreCalls.await(query.get(), "reading parked rows").getDocuments()) {
      out.add(new ParkedRow(UsageRecordCodec.decode(doc.getId(), (Map<String, Object>) doc.get("record")),
          FirestoreValues.instant(doc.getTimestamp("firstParkedAt"))));
    }
    return out;
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
