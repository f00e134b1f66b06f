package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.ChangePage;
import dev.bqsync.core.crm.ChangePosition;
import dev.bqsync.core.crm.ChangedRecord;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.UsesFirestoreEmulator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Changed CRM records on the Firestore emulator: order, paging over shared times, lookback, boundary. */
@ExtendWith(UsesFirestoreEmulator.class)
class FirestoreCrmChangesTest {
  private final Firestore db = FirestoreEmulator.shared().firestore();
  private final FirestoreCrmChanges changes = new FirestoreCrmChanges(db);
  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

  /** Records with a changedAt set as a writer outside bqsync would (the contract docs/state.md states). */
  private void stamped(String tenant, Map<String, Instant> idsAt) throws Exception {
    WriteBatch batch = db.batch();
    idsAt.forEach((id, at) -> {
      Map<String, Object> doc = new HashMap<>(Map.of("id", id, "name", "n-" + id, "sourceId", "s-" + id));
      if (at != null) {
        doc.put(FirestoreCrmRecords.CHANGED_AT, Timestamp.ofTimeSecondsAndNanos(at.getEpochSecond(), at.getNano()));
      }
      batch.set(FirestoreCrmRecords.records(db, tenant, CrmModel.Company).document(id), doc);
    });
    batch.commit().get();
  }

  private List<ChangedRecord> all(String tenant, Instant since, int pageSize) {
    List<ChangedRecord> out = new ArrayList<>();
    ChangePosition after = null;
    for (int pages = 0; pages < 100; pages++) {
      ChangePage page = changes.changedSince(tenant, CrmModel.Company, "companies", List.of("name"), since, after,
          pageSize);
      assertThat(page.records()).hasSizeLessThanOrEqualTo(pageSize);
      out.addAll(page.records());
      if (page.next() == null) {
        return out;
      }
      after = page.next();
    }
    throw new AssertionError("paging never ended");
  }

  @Test
  void pagesOverSharedCommitTimesReturnEachChangeOnceInTimeThenIdOrder() throws Exception {
    Map<String, Instant> records = new HashMap<>();
    for (int i = 0; i < 7; i++) {
      records.put("r" + i, T0.plusSeconds(i < 5 ? 0 : i)); // five share one commit time
    }
    records.put("old", T0.minusSeconds(60));
    records.put("never", null);
    stamped("changes-a", records);

    List<ChangedRecord> read = all("changes-a", T0, 2);

    assertThat(read).extracting(r -> r.record().id()).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
    assertThat(read.get(0).changedAt()).isEqualTo(T0);
    assertThat(read.get(0).record().field("name")).isEqualTo("n-r0");
    assertThat(read.get(0).record().field("sourceId")).as("key fields always come along").isEqualTo("s-r0");
    assertThat(all("changes-a", T0, 5_000)).extracting(r -> r.record().id()).hasSize(7);
  }

  @Test
  void theLowerBoundIsInclusiveAndRecordsWithoutChangedAtAreNeverReturned() throws Exception {
    stamped("changes-b", Map.of("at", T0, "before", T0.minusNanos(1000), "never", T0.minusSeconds(1)));
    FirestoreCrmRecords.records(db, "changes-b", CrmModel.Company).document("never")
        .update(FirestoreCrmRecords.CHANGED_AT, com.google.cloud.firestore.FieldValue.delete()).get();

    assertThat(all("changes-b", T0, 10)).extracting(r -> r.record().id()).containsExactly("at");
    assertThat(all("changes-b", T0.minusNanos(1000), 10)).extracting(r -> r.record().id())
        .containsExactly("before", "at");
  }

  @Test
  void theSyncsOwnWritesAreChangesAndThePageCarriesTheStoresReadTime() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    new FirestoreCrmStore(db, Clock.systemUTC()).write("changes-c", CrmModel.Company, "companies",
        List.of(new SyncPlan.CrmWrite("w1", "k", true, Map.of("name", "Acme"), Map.of("name", "Acme"))), null);

    ChangePage page = changes.changedSince("changes-c", CrmModel.Company, "companies", List.of("name"), before, null, 10);

    assertThat(page.records()).extracting(r -> r.record().id()).containsExactly("w1");
    assertThat(page.records().get(0).record().snapshot()).containsEntry("name", "Acme");
    assertThat(page.readTime()).isAfterOrEqualTo(page.records().get(0).changedAt());
    assertThat(page.next()).isNull();
  }

  @Test
  void anotherTenantsChangesAreNeverReadAndIdsAreChecked() throws Exception {
    stamped("changes-d", Map.of("mine", T0));
    stamped("changes-e", Map.of("theirs", T0));

    assertThat(all("changes-d", T0.minusSeconds(1), 10)).extracting(r -> r.record().id()).containsExactly("mine");
    assertThatThrownBy(() -> changes.changedSince("../changes-e", CrmModel.Company, "companies", List.of(), T0, null, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> changes.changedSince("changes-d", CrmModel.Company, "a.b", List.of(), T0, null, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> changes.changedSince("changes-d", CrmModel.Company, "companies", List.of(), T0,
        new ChangePosition(T0, "a/b"), 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> changes.changedSince("changes-d", CrmModel.Company, "companies", List.of(), T0, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyedRecordsCountsEveryKeyButNullMissingAndEmptyAndEveryRecordForId() throws Exception {
    WriteBatch batch = db.batch();
    var records = FirestoreCrmRecords.records(db, "changes-count", CrmModel.Company);
    Map<String, Object> text = new HashMap<>(Map.of("id", "a", "externalId", "c1"));
    Map<String, Object> number = new HashMap<>(Map.of("id", "b", "externalId", 42L));
    Map<String, Object> empty = new HashMap<>(Map.of("id", "c", "externalId", ""));
    Map<String, Object> nullKey = new HashMap<>(Map.of("id", "d"));
    nullKey.put("externalId", null);
    Map<String, Object> missing = new HashMap<>(Map.of("id", "e", "sourceId", "s1"));
    for (Map<String, Object> doc : List.of(text, number, empty, nullKey, missing)) {
      batch.set(records.document(doc.get("id").toString()), doc);
    }
    batch.commit().get();

    assertThat(changes.keyedRecords("changes-count", CrmModel.Company, dev.bqsync.core.config.CrmKey.EXTERNAL_ID))
        .as("a text and a number are keys to the planner").isEqualTo(2);
    assertThat(changes.keyedRecords("changes-count", CrmModel.Company, dev.bqsync.core.config.CrmKey.SOURCE_ID))
        .isEqualTo(1);
    assertThat(changes.keyedRecords("changes-count", CrmModel.Company, dev.bqsync.core.config.CrmKey.ID))
        .isEqualTo(5);
    assertThat(changes.keyedRecords("changes-none", CrmModel.Company, dev.bqsync.core.config.CrmKey.EXTERNAL_ID))
        .isZero();
  }
}
