package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.DatasetRef;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.crm.ChangeQueryReference;
import dev.bqsync.core.crm.ChangeRead;
import dev.bqsync.core.crm.NextSyncState;
import dev.bqsync.core.crm.SyncedKey;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.testing.UsageTestbed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The state table and the change query on the project's BigQuery emulator, checked against the Java reference. */
class BigQueryCrmSyncStateTest {
  private static final TableRef USERS = TableRef.parse(UsageTestbed.PROJECT + ".crm.end_users");
  private static final DatasetRef STATE = new DatasetRef(UsageTestbed.PROJECT, "bqsync_state");
  private static final List<String> COLUMNS = List.of("first_name", "company_id");
  private static final UnaryOperator<String> EMAIL = k -> k.trim().toLowerCase(Locale.ROOT);
  private UsageTestbed bed;
  private BigQuery bigquery;
  private BigQueryCrmSyncState state;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    bed.crmSetup();
    bigquery = BigQueryOptions.newBuilder().setHost(UsageTestbed.bigquery().endpoint())
        .setProjectId(UsageTestbed.PROJECT).setCredentials(NoCredentials.getInstance()).build().getService();
    state = new BigQueryCrmSyncState(bigquery, new BigQueryCrmWarehouse(bigquery));
  }

  private ChangeRead read(TableRef table, Set<String> crmKeys, Set<String> crmIds, boolean full) {
    return state.changes(USERS, "email", true, COLUMNS, table, crmKeys, crmIds, full, Map.of("tenant", "acme"), null);
  }

  @Test
  void theDatasetAndTableAreCreatedOnceInTheTenantsLocation() {
    TableRef table = state.prepare(STATE, "EU", "users", Map.of("tenant", "acme"));

    assertThat(table.toString()).isEqualTo(UsageTestbed.PROJECT + ".bqsync_state.crm_users");
    assertThat(bigquery.getDataset("bqsync_state").getLocation()).isEqualTo("EU");
    assertThat(state.prepare(STATE, "EU", "users", Map.of())).as("a second prepare finds both").isEqualTo(table);
    assertThat(bed.bigqueryRows("SELECT COUNT(*) FROM bqsync_state.crm_users")).isEqualTo("0|\n");
  }

  @Test
  void aStateDatasetInAnotherLocationSaysWhichToName() {
    UsageTestbed.bigquery().createDataset(UsageTestbed.PROJECT, "us_state", "US");

    assertThatThrownBy(() -> state.prepare(new DatasetRef(UsageTestbed.PROJECT, "us_state"), "EU", "users", Map.of()))
        .isInstanceOf(NeedsAttentionException.class).hasMessageContaining("is in US")
        .hasMessageContaining("name a dataset in EU");
  }

  @Test
  void theChangeQueryReturnsWhatTheReferenceSelectsAndNothingElse() {
    TableRef table = state.prepare(STATE, "EU", "users", Map.of());
    bed.sql("INSERT INTO crm.end_users VALUES ('Ada@Example.COM', 'Ada', 'c1'), ('bob@x.com', 'Bob', 'c2'), "
        + "('carl@x.com', 'Carl', 'c3'), ('dup@x.com', 'x', NULL), ('DUP@x.com ', 'y', NULL), (NULL, 'nokey', NULL), "
        + "('zoë@x.com', 'Zoë', 'c4'), ('same@x.com', 'Same', 'c5'), ('same2@x.com', 'Same2', 'c6'), "
        + "('gone@x.com', 'Gone', 'c7')");
    ChangeRead first = read(table, Set.of(), Set.of(), true);
    assertThat(first.rows()).hasSize(10).allSatisfy(r -> assertThat(r.value(NextSyncState.ROW_HASH)).isNotNull());
    List<SyncedKey> entries = new ArrayList<>();
    for (SourceRow row : first.rows()) {
      if (row.key() != null && entries.stream().noneMatch(e -> e.key().equals(EMAIL.apply(row.key().toString())))) {
        String key = EMAIL.apply(row.key().toString());
        entries.add(new SyncedKey(key, row.key().toString(), List.of("r-" + key.replace("@", "-")),
            ((Number) row.value(NextSyncState.ROW_HASH)).longValue(), key.equals("dup@x.com") ? "DUPLICATE_KEY" : null,
            false, false));
      }
    }
    entries.add(new SyncedKey("tomb@x.com", "tomb@x.com", List.of("r-tomb"), 1L, null, true, false));
    entries.add(new SyncedKey("rej@x.com", null, List.of("r-rej"), null, "DUPLICATE_KEY", false, false));
    state.write(table, new NextSyncState.Change(entries, List.of()), "20261204-070000-abcdef01",
        Instant.parse("2026-12-04T07:00:00Z"), Map.of(), null);

    bed.sql("UPDATE crm.end_users SET first_name = 'Bobby' WHERE email = 'bob@x.com'");
    bed.sql("INSERT INTO crm.end_users VALUES ('new@x.com', 'New', 'c8')");
    bed.sql("DELETE FROM crm.end_users WHERE email = 'gone@x.com'");
    Set<String> crmKeys = Set.of("carl@x.com");
    Set<String> crmIds = Set.of("r-same2-x.com");

    ChangeRead changes = read(table, crmKeys, crmIds, false);
    ChangeRead everything = read(table, Set.of(), Set.of(), true);
    ChangeQueryReference.Result reference = ChangeQueryReference.select(everything.rows(), everything.state(), EMAIL,
        crmKeys, crmIds);

    assertThat(rawKeys(changes.rows())).isEqualTo(rawKeys(reference.rows()))
        .containsExactlyInAnyOrder("bob@x.com", "new@x.com", "carl@x.com", "dup@x.com", "DUP@x.com ", "null",
            "zoë@x.com", "same2@x.com");
    assertThat(changes.state().keySet()).isEqualTo(reference.state().keySet())
        .containsExactlyInAnyOrder("bob@x.com", "carl@x.com", "dup@x.com", "zoë@x.com", "same2@x.com", "gone@x.com",
            "rej@x.com");
    assertThat(changes.state().get("rej@x.com")).isEqualTo(new SyncedKey("rej@x.com", null, List.of("r-rej"), null,
        "DUPLICATE_KEY", false, false));
    assertThat(everything.state()).as("8 keys of rows, tomb and rej").hasSize(10);
  }

  @Test
  void aWriteUpsertsAndRemovesKeys() {
    TableRef table = state.prepare(STATE, "EU", "users", Map.of());
    SyncedKey a = new SyncedKey("a@x.com", "A@x.com", List.of("r1", "r2"), 5L, "DUPLICATE_KEY", false, false);
    SyncedKey b = new SyncedKey("b@x.com", null, List.of("r3"), null, null, false, true);
    state.write(table, new NextSyncState.Change(List.of(a, b), List.of()), "20261204-070000-abcdef01",
        Instant.parse("2026-12-04T07:00:00Z"), Map.of(), null);
    SyncedKey a2 = new SyncedKey("a@x.com", "A@x.com", List.of("r1"), 6L, null, false, false);

    int jobs = state.write(table, new NextSyncState.Change(List.of(a2), List.of("b@x.com")), "20261204-080000-abcdef01",
        Instant.parse("2026-12-04T08:00:00Z"), Map.of(), null);

    assertThat(jobs).as("one MERGE, one DELETE").isEqualTo(2);
    assertThat(read(table, Set.of(), Set.of(), true).state()).containsExactly(Map.entry("a@x.com", a2));
    assertThat(bed.bigqueryRows("SELECT run_id FROM bqsync_state.crm_users")).isEqualTo("20261204-080000-abcdef01|\n");
  }

  private static Set<String> rawKeys(List<SourceRow> rows) {
    Set<String> keys = new TreeSet<>();
    rows.forEach(r -> keys.add(String.valueOf(r.key())));
    return keys;
  }
}
