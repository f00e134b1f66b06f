package dev.bqsync.gcp;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import dev.bqsync.core.config.CrmModel;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CRM records in {@code tenants/{t}/models/{Model}/records/{id}}: the model's fields as given, plus
 * {@code emailLower} for case-insensitive lookups. Records without an id get one derived from
 * (tenant, model, key), so importing the same record twice creates it once.
 */
public final class FirestoreCrmRecords {
  /**
   * Set by every write of a CRM record through bqsync to Firestore's commit time (a server
   * timestamp, so no function clock is involved): what the incremental CRM sync reads changes by
   * (docs/crm-incremental.md). Not a CRM field: no section can map it, and an import's own
   * {@code changedAt} is replaced.
   */
  public static final String CHANGED_AT = "changedAt";

  private final Firestore db;

  public FirestoreCrmRecords(Firestore db) {
    this.db = db;
  }

  static CollectionReference records(Firestore db, String tenantId, CrmModel model) {
    return FirestorePaths.tenant(db, tenantId).collection("models").document(model.name()).collection("records");
  }

  /** Writes records (each a map of fields with externalId, sourceId or email), merged into what is there; returns how many. */
  public int upsert(String tenantId, CrmModel model, List<Map<String, Object>> records) {
    WriteBatch batch = db.batch();
    int inBatch = 0;
    for (Map<String, Object> record : records) {
      Map<String, Object> fields = new HashMap<>(record);
      String id = fields.get("id") != null ? String.valueOf(fields.get("id")) : derivedId(tenantId, model, fields);
      fields.put("id", id);
      Object email = fields.get("email");
      if (email != null) {
        fields.put("emailLower", email.toString().toLowerCase(Locale.ROOT));
      }
      fields.put(CHANGED_AT, FieldValue.serverTimestamp());
      // merge: fields not given (another section's snapshot, say) stay as they are
      batch.set(FirestorePaths.document(records(db, tenantId, model), id), fields, com.google.cloud.firestore.SetOptions.merge());
      if (++inBatch == 500) {
        FirestoreCalls.await(batch.commit(), "writing CRM records");
        batch = db.batch();
        inBatch = 0;
      }
    }
    if (inBatch > 0) {
      FirestoreCalls.await(batch.commit(), "writing CRM records");
    }
    return records.size();
  }

  /** The id the CRM sync would give the record it creates for this key, so both paths agree. */
  public static String derivedId(String tenantId, CrmModel model, Map<String, Object> fields) {
    Object key = fields.get("externalId") != null ? fields.get("externalId")
        : fields.get("sourceId") != null ? fields.get("sourceId")
        : fields.get("email") != null ? fields.get("email").toString().toLowerCase(Locale.ROOT) : null;
    if (key == null) {
      throw new IllegalArgumentException("a CRM record needs an id, externalId, sourceId or email: " + fields);
    }
    return dev.bqsync.core.crm.CrmSyncPlanner.createdId(tenantId, model.name(), key.toString());
  }
}
