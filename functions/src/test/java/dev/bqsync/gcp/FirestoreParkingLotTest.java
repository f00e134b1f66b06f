package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.usage.UserActivity;
import dev.bqsync.port.ParkingLot;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.UsesFirestoreEmulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Parked rows on Google's Firestore emulator: every parked row gets its turn, however many there are. */
@ExtendWith(UsesFirestoreEmulator.class)
class FirestoreParkingLotTest {
  private static final String TENANT = "parking-test";
  private final FirestoreParkingLot lot = new FirestoreParkingLot(FirestoreEmulator.shared().firestore());

  @BeforeEach
  void empty() {
    FirestoreEmulator.shared().reset();
  }

  private static ParkingLot.ParkedRow row(String section, int key) {
    return new ParkingLot.ParkedRow(new UserActivity(section + ":" + key, section, Integer.toString(key),
        "u" + key + "@acme.example", null, null, "login", Instant.parse("2026-11-23T10:00:00Z"), null, null, Map.of()),
        Instant.parse("2026-11-23T10:00:00Z"));
  }

  private static List<String> ids(List<ParkingLot.ParkedRow> rows) {
    return rows.stream().map(r -> r.record().id()).toList();
  }

  @Test
  void callsRotateThroughEveryParkedRowAndStartOverAtTheEnd() {
    lot.park(TENANT, IntStream.range(10, 22).mapToObj(k -> row("logins", k)).toList());
    lot.park(TENANT, List.of(row("other", 1)));

    List<List<String>> turns = new ArrayList<>();
    for (int call = 0; call < 4; call++) {
      turns.add(ids(lot.parked(TENANT, "logins", 5)));
    }

    assertThat(turns.get(0)).hasSize(5);
    assertThat(turns.get(1)).hasSize(5).doesNotContainAnyElementsOf(turns.get(0));
    Set<String> seen = new LinkedHashSet<>();
    turns.subList(0, 3).forEach(seen::addAll);
    assertThat(seen).as("12 rows in three turns of 5: all of them, the third wrapping around").hasSize(12)
        .allMatch(id -> id.startsWith("logins:"));
    assertThat(turns.get(2)).hasSize(5).containsAll(turns.get(0).subList(0, 3));
    assertThat(lot.count(TENANT, "logins")).isEqualTo(12);
    assertThat(lot.count(TENANT, "other")).isEqualTo(1);
  }

  @Test
  void rowsRemovedMeanwhileAreNotServedAgain() {
    lot.park(TENANT, IntStream.range(10, 16).mapToObj(k -> row("logins", k)).toList());
    List<String> first = ids(lot.parked(TENANT, "logins", 4));
    lot.remove(TENANT, first);

    assertThat(ids(lot.parked(TENANT, "logins", 4))).hasSize(2).doesNotContainAnyElementsOf(first);
    assertThat(lot.count(TENANT, "logins")).isEqualTo(2);
  }
}
