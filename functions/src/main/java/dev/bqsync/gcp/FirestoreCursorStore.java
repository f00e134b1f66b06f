package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.bqsync.core.state.Cursor;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.usage.RowKey;
import dev.bqsync.port.CursorStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cursors in {@code tenants/{tenantId}/cursors/{sectionId}}. The position is stored as its key text
 * ({@link RowKey#text()}): decimal for number keys, which may have up to 32 digits, beyond what a
 * Firestore integer holds; for time keys the time at microseconds and the tie-break
 * ({@code 2026-11-23T10:15:30.123456Z#17}), beyond what a Firestore timestamp holds exactly.
 */
public final class FirestoreCursorStore implements CursorStore {
  private final Firestore db;
  private final Clock clock;

  public FirestoreCursorStore(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<Cursor> find(String tenantId, String sectionId) {
    DocumentSnapshot doc = FirestoreCalls.await(FirestorePaths.cursor(db, tenantId, sectionId).get(),
        "reading cursor " + tenantId + "/" + sectionId);
    if (!doc.exists()) {
      return Optional.empty();
    }
    String position = doc.getString("position");
    return Optional.of(new Cursor(sectionId, position == null ? null : RowKey.parse(position),
        doc.getLong("sourceLastModified"), FirestoreValues.instant(doc.getTimestamp("updatedAt")),
        FirestoreValues.instant(doc.getTimestamp("lastRunAt")),
        Optional.ofNullable(doc.getLong("generation")).orElse(0L)));
  }

  @Override
  public void commit(String tenantId, Cursor cursor, Lease lease) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("position", cursor.position() == null ? null : cursor.position().text());
    fields.put("sourceLastModified", cursor.sourceLastModified());
    fields.put("updatedAt", FirestoreValues.timestamp(cursor.updatedAt()));
    fields.put("lastRunAt", FirestoreValues.timestamp(cursor.lastRunAt()));
    fields.put("generation", cursor.generation());
    var ref = FirestorePaths.cursor(db, tenantId, cursor.sectionId());
    String what = "committing cursor " + tenantId + "/" + cursor.sectionId();
    if (lease == null) {
      FirestoreCalls.await(ref.set(fields), what);
      return;
    }
    FirestoreCalls.await(db.runTransaction(tx -> {
      FirestoreLeaseStore.check(tx, db, lease, clock.instant());
      tx.set(ref, fields);
      return null;
    }), what);
  }

  @Override
  public Cursor reset(String tenantId, String sectionId, boolean newGeneration) {
    var ref = FirestorePaths.cursor(db, tenantId, sectionId);
    return FirestoreCalls.await(db.runTransaction(tx -> {
      DocumentSnapshot doc = tx.get(ref).get();
      long generation = doc.exists() ? Optional.ofNullable(doc.getLong("generation")).orElse(0L) : 0L;
      Cursor reset = new Cursor(sectionId, null, null, null, null, generation).reset(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), newGeneration); // as Firestore keeps it
      Map<String, Object> fields = new HashMap<>();
      fields.put("position", null);
      fields.put("sourceLastModified", null);
      fields.put("updatedAt", FirestoreValues.timestamp(reset.updatedAt()));
      fields.put("lastRunAt", null);
      fields.put("generation", reset.generation());
      tx.set(ref, fields);
      return reset;
    }), "resetting cursor " + tenantId + "/" + sectionId);
  }
}
