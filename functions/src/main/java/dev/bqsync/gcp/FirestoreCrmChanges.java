package dev.bqsync.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.ChangePage;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.ChangePosition;
import dev.bqsync.core.crm.ChangedRecord;
import dev.bqsync.port.CrmChanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Changed CRM records by {@code changedAt}: a range and an order on that one field, then the
 * document id, which Firestore serves from its automatic single-field index (no composite index,
 * nothing in terraform/). Records without {@code changedAt} are outside any range on it, so never
 * returned.
 */
public final class FirestoreCrmChanges implements CrmChanges {
  private static final int MAX_PAGE = 5_000;
  static final int GET_ALL = 300;
  private final Firestore db;

  public FirestoreCrmChanges(Firestore db) {
    this.db = db;
  }

  @Override
  public ChangePage changedSince(String tenantId, CrmModel model, String sectionId, Collection<String> fields,
      Instant since, ChangePosition after, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " records, not " + limit);
    }
    String[] names = FirestoreCrmStore.names(fields);
    FieldPath changedAt = FieldPath.of(FirestoreCrmRecords.CHANGED_AT);
    Query query = FirestoreCrmRecords.records(db, tenantId, model)
        .select(FirestoreCrmStore.selection(names, FirestorePaths.checkedSection(sectionId), changedAt))
        .whereGreaterThanOrEqualTo(changedAt, FirestoreValues.timestamp(since))
        .orderBy(changedAt).orderBy(FieldPath.documentId());
    if (after != null) {
      query = query.startAfter(FirestoreValues.timestamp(after.changedAt()),
          FirestorePaths.document(FirestoreCrmRecords.records(db, tenantId, model), after.recordId()));
    }
    // One more than asked, so a full page knows whether another follows.
    QuerySnapshot snapshot = FirestoreCalls.await(query.limit(limit + 1).get(), "reading changed CRM records");
    List<QueryDocumentSnapshot> docs = snapshot.getDocuments();
    dev.bqsync.core.RunMeter.crmReads(Math.max(1, docs.size())); // an empty result is billed one read
    List<ChangedRecord> out = new ArrayList<>();
    for (QueryDocumentSnapshot doc : docs.subList(0, Math.min(limit, docs.size()))) {
      Timestamp at = doc.getTimestamp(FirestoreCrmRecords.CHANGED_AT);
      out.add(new ChangedRecord(FirestoreCrmStore.record(doc, model, sectionId, names), FirestoreValues.instant(at)));
    }
    ChangePosition next = docs.size() > limit ? out.get(out.size() - 1).position() : null;
    return new ChangePage(out, next, FirestoreValues.instant(snapshot.getReadTime()));
  }

  @Override
  public long keyedRecords(String tenantId, CrmModel model, dev.bqsync.core.config.CrmKey key) {
    Query records = FirestoreCrmRecords.records(db, tenantId, model);
    if (key == dev.bqsync.core.config.CrmKey.ID) {
      return count(records);
    }
    // Any value but null and the empty text is a key to the planner (a number too): two counts, no index.
    return count(records.whereNotEqualTo(key.field(), null)) - count(records.whereEqualTo(key.field(), ""));
  }

  private static long count(Query query) {
    long count = FirestoreCalls.await(query.count().get(), "counting CRM records").getCount();
    dev.bqsync.core.RunMeter.crmReads(Math.max(1, (count + 999) / 1000)); // billed per 1,000 index entries
    return count;
  }

  /** Fetches by id in calls of {@link #GET_ALL} documents, each projected like a change read; absent ids are left out. */
  @Override
  public List<CrmRecord> records(String tenantId, CrmModel model, String sectionId, Collection<String> fields,
      Collection<String> ids) {
    String[] names = FirestoreCrmStore.names(fields);
    com.google.cloud.firestore.FieldMask mask = com.google.cloud.firestore.FieldMask.of(
        FirestoreCrmStore.selection(names, FirestorePaths.checkedSection(sectionId)));
    List<String> all = List.copyOf(ids);
    List<CrmRecord> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += GET_ALL) {
      com.google.cloud.firestore.DocumentReference[] refs = all.subList(from, Math.min(all.size(), from + GET_ALL))
          .stream().map(id -> FirestorePaths.document(FirestoreCrmRecords.records(db, tenantId, model), id))
          .toArray(com.google.cloud.firestore.DocumentReference[]::new);
      dev.bqsync.core.RunMeter.crmReads(refs.length); // each id asked is billed, found or not
      for (com.google.cloud.firestore.DocumentSnapshot doc : FirestoreCalls.await(db.getAll(refs, mask),
          "reading CRM records by id")) {
        if (doc.exists()) {
          out.add(FirestoreCrmStore.record(doc, model, sectionId, names));
        }
      }
    }
    return out;
  }
}
