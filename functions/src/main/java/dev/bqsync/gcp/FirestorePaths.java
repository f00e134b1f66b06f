package dev.bqsync.gcp;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import dev.bqsync.core.config.Identifiers;
import dev.bqsync.core.state.JobKind;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where bqsync's state lives in Firestore (docs/state.md), and the last line of the tenant boundary:
 * every id is checked against its rule before it becomes part of a path, so an id such as
 * {@code acme/leases/usage}, {@code ..} or {@code __x__} can never address another document. The
 * entry points validate ids first with a message for people; a refusal here means one slipped past,
 * so it is an IllegalArgumentException (a bug) naming the rule.
 */
final class FirestorePaths {
  static final String TENANTS = "tenants";
  // Run record ids are a run id and a section id joined by a hyphen (JobRunner.recordId).
  private static final Pattern RUN_RECORD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,199}");

  private FirestorePaths() {}

  static DocumentReference tenant(Firestore db, String tenantId) {
    return db.collection(TENANTS).document(checked("tenant id", tenantId, Identifiers.tenantIdProblem(tenantId)));
  }

  static DocumentReference cursor(Firestore db, String tenantId, String sectionId) {
    return tenant(db, tenantId).collection("cursors").document(checked("section id", sectionId,
        Identifiers.sectionIdProblem(sectionId)));
  }

  static DocumentReference lease(Firestore db, String tenantId, String job) {
    Optional<String> problem = Arrays.stream(JobKind.values()).anyMatch(k -> k.id().equals(job)) ? Optional.empty()
        : Optional.of("'" + job + "' is not a job: use one of " + Arrays.stream(JobKind.values()).map(JobKind::id).toList());
    return tenant(db, tenantId).collection("leases").document(checked("job", job, problem));
  }

  static DocumentReference run(Firestore db, String tenantId, String runRecordId) {
    Optional<String> problem = runRecordId != null && RUN_RECORD_ID.matcher(runRecordId).matches() ? Optional.empty()
        : Optional.of("'" + runRecordId + "' is not a run record id: 1-200 letters, digits, underscores or hyphens, "
            + "starting with a letter or digit");
    return tenant(db, tenantId).collection("runs").document(checked("run record id", runRecordId, problem));
  }

  /**
   * A document of {@code collection} by an id that has no stricter rule of its own (a CRM record id,
   * a usage record id, an OAuth state): anything Firestore would read as a path or reserve is refused.
   */
  static DocumentReference document(CollectionReference collection, String id) {
    return collection.document(checked("document id", id, Identifiers.documentIdProblem(id)));
  }

  /** A section id checked by the section id rule, for field paths named after it (syncState.{id}). */
  static String checkedSection(String sectionId) {
    return checked("section id", sectionId, Identifiers.sectionIdProblem(sectionId));
  }

  private static String checked(String what, String id, Optional<String> problem) {
    if (problem.isPresent()) {
      throw new IllegalArgumentException("refused " + what + " as a Firestore path segment, it breaks the " + what
          + " rule: " + problem.get());
    }
    return id;
  }
}
