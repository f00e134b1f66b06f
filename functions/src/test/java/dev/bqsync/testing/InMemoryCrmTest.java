package dev.bqsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import dev.bqsync.core.config.CrmKey;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.DeleteAction;
import dev.bqsync.core.crm.ChangePage;
import dev.bqsync.core.crm.ChangePosition;
import dev.bqsync.core.crm.ChangedRecord;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.gcp.FirestoreCrmChanges;
import dev.bqsync.gcp.FirestoreCrmRecords;
import dev.bqsync.gcp.FirestoreCrmStore;
import dev.bqsync.port.CrmChanges;
import dev.bqsync.port.CrmStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The benchmarks' in-memory CRM answers as the Firestore adapters on the emulator do: the same
 * script of application writes and sync writes, then the same reads (records, change pages in
 * order, by-id reads, keyed-record counts), compared read for read. What it cannot share is the
 * clock: commit times are compared by order only.
 */
@ExtendWith(UsesFirestoreEmulator.class)
class InMemoryCrmTest {
  private static final String TENANT = "acme";
  private static final String SECTION = "companies";
  private static final List<String> FIELDS = List.of("name", "employees", "mrr", "renewalDate", "custom.tier");

  private record Crm(CrmStore store, CrmChanges changes, Consumer<List<Map<String, Object>>> application) {}

  @Test
  void answersEveryReadAsTheFirestoreAdaptersDo(Firestore db) {
    Crm firestore = new Crm(new FirestoreCrmStore(db, Clock.systemUTC()), new FirestoreCrmChanges(db),
        records -> new FirestoreCrmRecords(db).upsert(TENANT, CrmModel.Company, records));
    InMemoryCrm memory = new InMemoryCrm(TENANT, CrmModel.Company);
    Crm inMemory = new Crm(memory.store(), memory.changes(), memory::upsert);

    assertThat(reads(inMemory)).isEqualTo(reads(firestore));
  }

  /** The script, then what each read returns, as text. */
  private static List<String> reads(Crm crm) {
    List<String> out = new ArrayList<>();
    crm.application().accept(List.of(
        Map.of("externalId", "c1", "name", "Acme", "employees", 40, "mrr", 100.5),
        Map.of("externalId", "c2", "name", "Globex"),
        Map.of("externalId", "", "name", "No key")));
    List<CrmRecord> before = crm.store().records(TENANT, CrmModel.Company, SECTION, FIELDS);
    Map<String, String> idOf = new HashMap<>();
    before.forEach(r -> idOf.put(String.valueOf(r.fields().get("externalId")), r.id()));
    out.add("records: " + text(before));
    Map<String, Object> created = new HashMap<>(Map.of("externalId", "c3", "name", "Initech", "employees", 12L,
        "renewalDate", LocalDate.of(2027, 1, 31), "custom.tier", "gold"));
    crm.store().write(TENANT, CrmModel.Company, SECTION, List.of(
        new SyncPlan.CrmWrite("created-c3", "c3", true, created, Map.of("name", "Initech", "employees", "12")),
        new SyncPlan.CrmWrite(idOf.get("c1"), "c1", false, Map.of("employees", 41L), Map.of("employees", "41")),
        new SyncPlan.CrmWrite(idOf.get("c2"), "c2", false, Map.of(), Map.of(), DeleteAction.DELETE)), null);
    crm.application().accept(List.of(Map.of("externalId", "c1", "name", "Acme Inc")));
    out.add("records after: " + text(crm.store().records(TENANT, CrmModel.Company, SECTION, FIELDS)));
    List<String> pages = new ArrayList<>();
    ChangePosition after = null;
    do {
      ChangePage page = crm.changes().changedSince(TENANT, CrmModel.Company, SECTION, FIELDS, Instant.EPOCH, after, 1);
      pages.add(text(page.records().stream().map(ChangedRecord::record).toList()));
      after = page.next();
    } while (after != null);
    out.add("change pages of 1: " + pages);
    out.add("by id: " + text(crm.changes().records(TENANT, CrmModel.Company, SECTION, FIELDS,
        List.of("created-c3", idOf.get("c2"), "never-was"))));
    out.add("keyed by external id: " + crm.changes().keyedRecords(TENANT, CrmModel.Company, CrmKey.EXTERNAL_ID));
    out.add("keyed by id: " + crm.changes().keyedRecords(TENANT, CrmModel.Company, CrmKey.ID));
    return out;
  }

  private static String text(List<CrmRecord> records) {
    Map<String, String> byId = new TreeMap<>();
    for (CrmRecord r : records) {
      Map<String, Object> fields = new TreeMap<>();
      r.fields().forEach((k, v) -> fields.put(k, v == null ? null : v + " (" + v.getClass().getSimpleName() + ")"));
      byId.put(r.id(), fields + " " + new TreeMap<>(r.snapshot()));
    }
    return records.size() + " " + byId;
  }
}
