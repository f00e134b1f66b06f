package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;

/** Where bqsync's state lives in Firestore (see the table in docs/). */
final class FirestorePaths {
  static final String TENANTS = "tenants";

  private FirestorePaths() {}

  static DocumentReference tenant(Firestore db, String tenantId) {
    return db.collection(TENANTS).document(tenantId);
  }

  static DocumentReference cursor(Firestore db, String tenantId, String sectionId) {
    return tenant(db, tenantId).collection("cursors").document(sectionId);
  }

  static DocumentReference lease(Firestore db, String tenantId, String job) {
    return tenant(db, tenantId).collection("leases").document(job);
  }

  static DocumentReference run(Firestore db, String tenantId, String runId) {
    return tenant(db, tenantId).collection("runs").document(runId);
  }
}
