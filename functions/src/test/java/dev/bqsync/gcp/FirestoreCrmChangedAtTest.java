package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.UsesFirestoreEmulator;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every CRM write through bqsync stamps changedAt with the commit time (issue 17's CRM-side change
 * detection): the sync's creates and updates and the CLI's import; records nobody wrote keep theirs.
 */
@ExtendWith(UsesFirestoreEmulator.class)
class FirestoreCrmChangedAtTest {
  private static final String TENANT = "changed-at-test";
  private final Firestore db = FirestoreEmulator.shared().firestore();
  private final FirestoreCrmStore store = new FirestoreCrmStore(db, Clock.systemUTC());
  private final FirestoreCrmRecords records = new FirestoreCrmRecords(db);

  private Instant changedAt(String id) throws Exception {
    DocumentSnapshot doc = FirestoreCrmRecords.records(db, TENANT, CrmModel.Company).document(id).get().get();
    Object value = doc.get(FirestoreCrmRecords.CHANGED_AT);
    assertThat(value).as("changedAt of " + id).isInstanceOf(Timestamp.class);
    return ((Timestamp) value).toDate().toInstant();
  }

  @Test
  void createsAndUpdatesBySyncAndImportsStampTheCommitTimeAndOthersKeepTheirs() throws Exception {
    Instant before = Instant.now().minusMillis(5);
    store.write(TENANT, CrmModel.Company, "companies", List.of(
        new SyncPlan.CrmWrite("c1", "k1", true, Map.of("name", "Acme"), Map.of("name", "Acme")),
        new SyncPlan.CrmWrite("c2", "k2", true, Map.of("name", "Globex"), Map.of("name", "Globex"))), null);
    Instant created = changedAt("c1");
    assertThat(created).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now().plusMillis(5));
    assertThat(changedAt("c2")).isEqualTo(created).as("one commit, one time");

    Thread.sleep(5);
    store.write(TENANT, CrmModel.Company, "companies",
        List.of(new SyncPlan.CrmWrite("c1", "k1", false, Map.of("name", "Acme Inc"), Map.of("name", "Acme Inc"))),
        null);
    assertThat(changedAt("c1")).isAfter(created);
    assertThat(changedAt("c2")).as("a record the run did not write keeps its time").isEqualTo(created);

    Thread.sleep(5);
    Instant beforeImport = Instant.now().minusMillis(5);
    records.upsert(TENANT, CrmModel.Company, List.of(Map.of("id", "c2", "name", "Globex 2",
        FirestoreCrmRecords.CHANGED_AT, "1999-01-01")));
    assertThat(changedAt("c2")).as("an import's own changedAt is replaced by the commit time")
        .isAfterOrEqualTo(beforeImport).isAfter(created);
  }
}
