package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.bqsync.core.crm.CrmWatermark;
import dev.bqsync.core.state.Lease;
import dev.bqsync.port.CrmWatermarks;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Watermarks in {@code tenants/{t}/crmWatermarks/{sectionId}}, written in a transaction fenced by the run's lease. */
public final class FirestoreCrmWatermarks implements CrmWatermarks {
  private final Firestore db;
  private final Clock clock;

  public FirestoreCrmWatermarks(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<CrmWatermark> read(String tenantId, String sectionId) {
    DocumentSnapshot doc = FirestoreCalls.await(ref(tenantId, sectionId).get(), "reading the CRM watermark");
    if (!doc.exists() || doc.getTimestamp("readTime") == null) {
      return Optional.empty();
    }
    return Optional.of(new CrmWatermark(FirestoreValues.instant(doc.getTimestamp("readTime")),
        doc.getString("fingerprint"), doc.getString("stateTable"), doc.getLong("keyedRecords")));
  }

  @Override
  public void write(String tenantId, String sectionId, CrmWatermark watermark, Lease lease) {
    DocumentReference ref = ref(tenantId, sectionId);
    Map<String, Object> fields = new java.util.HashMap<>(Map.of("readTime",
        FirestoreValues.timestamp(watermark.readTime()), "fingerprint", watermark.fingerprint(), "stateTable",
        watermark.stateTable(), "writtenAt", FirestoreValues.timestamp(clock.instant())));
    fields.put("keyedRecords", watermark.keyedRecords());
    FirestoreCalls.await(db.runTransaction(tx -> {
      FirestoreLeaseStore.check(tx, db, lease, clock.instant());
      tx.set(ref, fields);
      return null;
    }), "writing the CRM watermark");
  }

  private DocumentReference ref(String tenantId, String sectionId) {
    return FirestorePaths.tenant(db, tenantId).collection("crmWatermarks")
        .document(FirestorePaths.checkedSection(sectionId));
  }
}
