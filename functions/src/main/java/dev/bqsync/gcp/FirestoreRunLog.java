package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Query;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.state.RunFilter;
import dev.bqsync.core.state.RunPosition;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.port.RunLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run records in {@code tenants/{tenantId}/runs/{runId}}. {@code expireAt} is the field the
 * Firestore TTL policy (Terraform) deletes them by. Texts pass the redactor on the way in.
 */
public final class FirestoreRunLog implements RunLog {
  private final Firestore db;
  private final SecretRedactor redactor;

  public FirestoreRunLog(Firestore db, SecretRedactor redactor) {
    this.db = db;
    this.redactor = redactor;
  }

  @Override
  public void record(RunRecord run) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("runId", run.runId());
    fields.put("tenantId", run.tenantId());
    fields.put("job", run.job().name());
    fields.put("sectionId", run.sectionId());
    fields.put("status", run.status().name());
    fields.put("startedAt", FirestoreValues.timestamp(run.startedAt()));
    fields.put("finishedAt", FirestoreValues.timestamp(run.finishedAt()));
    fields.put("counts", run.counts());
    fields.put("cursorBefore", run.cursorBefore());
    fields.put("cursorAfter", run.cursorAfter());
    fields.put("rejectionsByReason", run.rejectionsByReason());
    List<Map<String, Object>> samples = new ArrayList<>();
    for (RejectedRow row : run.rejectedSamples()) {
      Map<String, Object> sample = new HashMap<>();
      sample.put("key", redactor.redact(row.key()));
      sample.put("reason", row.reason());
      sample.put("detail", redactor.redact(row.detail()));
      samples.add(sample);
    }
    fields.put("rejectedSamples", samples);
    fields.put("warnings", run.warnings().stream().map(redactor::redact).toList());
    fields.put("error", redactor.redact(run.error()));
    fields.put("expireAt", FirestoreValues.timestamp(run.expireAt()));
    FirestoreCalls.await(FirestorePaths.run(db, run.tenantId(), run.runId()).set(fields),
        "writing run record " + run.runId());
  }

  @Override
  public int abandon(String tenantId, JobKind job, String runId, String message, Instant at) {
    Query running = FirestorePaths.tenant(db, tenantId).collection("runs")
        .whereEqualTo("status", RunStatus.RUNNING.name()).whereEqualTo("job", job.name());
    int marked = 0;
    for (DocumentSnapshot doc : FirestoreCalls.await(running.get(), "reading running runs of " + tenantId).getDocuments()) {
      if (!doc.getId().startsWith(runId + "-")) {
        continue;
      }
      FirestoreCalls.await(doc.getReference().update("status", RunStatus.ABANDONED.name(), "error",
          redactor.redact(message), "finishedAt", FirestoreValues.timestamp(at)), "marking run " + doc.getId() + " abandoned");
      marked++;
    }
    return marked;
  }

  /**
   * Equality filters on job, section and status with the order by start: Firestore serves every
   * combination by merging the three composite indexes (field, startedAt DESC) that terraform/
   * declares, so no filter combination needs an index of its own.
   */
  @Override
  public List<RunRecord> page(String tenantId, RunFilter filter, RunPosition after, int limit) {
    Query query = FirestorePaths.tenant(db, tenantId).collection("runs");
    if (filter.job() != null) {
      query = query.whereEqualTo("job", filter.job().name());
    }
    if (filter.sectionId() != null) {
      query = query.whereEqualTo("sectionId", filter.sectionId());
    }
    if (filter.status() != null) {
      query = query.whereEqualTo("status", filter.status().name());
    }
    query = query.orderBy("startedAt", Query.Direction.DESCENDING)
        .orderBy(FieldPath.documentId(), Query.Direction.DESCENDING).limit(limit);
    if (after != null) {
      query = query.startAfter(FirestoreValues.timestamp(after.startedAt()),
          FirestorePaths.run(db, tenantId, after.recordId()).getId());
    }
    List<RunRecord> out = new ArrayList<>();
    for (DocumentSnapshot doc : FirestoreCalls.await(query.get(), "reading runs of " + tenantId).getDocuments()) {
      out.add(toRecord(doc));
    }
    return out;
  }

  @Override
  public Optional<RunRecord> find(String tenantId, String recordId) {
    DocumentSnapshot doc = FirestoreCalls.await(FirestorePaths.run(db, tenantId, recordId).get(),
        "reading run " + recordId);
    return doc.exists() ? Optional.of(toRecord(doc)) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static RunRecord toRecord(DocumentSnapshot doc) {
    List<RejectedRow> samples = new ArrayList<>();
    List<Map<String, Object>> stored = (List<Map<String, Object>>) doc.get("rejectedSamples");
    if (stored != null) {
      for (Map<String, Object> s : stored) {
        samples.add(new RejectedRow((String) s.get("key"), (String) s.get("reason"), (String) s.get("detail")));
      }
    }
    return new RunRecord(
        doc.getString("runId"),
        doc.getString("tenantId"),
        JobKind.valueOf(doc.getString("job")),
        doc.getString("sectionId"),
        RunStatus.valueOf(doc.getString("status")),
        FirestoreValues.instant(doc.getTimestamp("startedAt")),
        FirestoreValues.instant(doc.getTimestamp("finishedAt")),
        (Map<String, Long>) doc.get("counts"),
        doc.getString("cursorBefore"),
        doc.getString("cursorAfter"),
        (Map<String, Long>) doc.get("rejectionsByReason"),
        samples,
        (List<String>) doc.get("warnings"),
        doc.getString("error"),
        FirestoreValues.instant(doc.getTimestamp("expireAt")));
  }
}
