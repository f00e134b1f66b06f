package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.usage.UsageRecord;
import dev.bqsync.core.usage.UserActivity;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.UsesFirestoreEmulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Activity pages larger than one Firestore batch: chunk by chunk, only new activities, nothing overwritten. */
@ExtendWith(UsesFirestoreEmulator.class)
class FirestoreUsageSinkTest {
  private static final String TENANT = "sink-test";
  private final FirestoreUsageSink sink = new FirestoreUsageSink(FirestoreEmulator.shared().firestore(), WriteRamp.off());

  private static UserActivity activity(int key, String action) {
    return new UserActivity("logins:" + key, "logins", Integer.toString(key), "u" + key + "@acme.example", null, "c1",
        action, Instant.parse("2026-11-23T10:00:00Z").plusSeconds(key), null, null, Map.of());
  }

  private static List<UsageRecord> activities(int from, int to, String action) {
    return IntStream.range(from, to).<UsageRecord>mapToObj(k -> activity(k, action)).toList();
  }

  @Test
  void aPageOfManyChunksWritesOnlyTheNewActivitiesAndLeavesThePresentOnesAlone() {
    // 400 activities already there, straddling the first two 500-chunks of the next page.
    assertThat(sink.write(TENANT, activities(300, 700, "first"))).hasSize(400);

    // 2,300 rows: 5 chunks of 500, the present ones spread over the first two.
    Set<String> fresh = sink.write(TENANT, activities(0, 2_300, "second"));

    Set<String> expected = IntStream.range(0, 2_300).filter(k -> k < 300 || k >= 700).mapToObj(k -> "logins:" + k)
        .collect(Collectors.toSet());
    assertThat(fresh).isEqualTo(expected);
    var docs = FirestorePaths.tenant(FirestoreEmulator.shared().firestore(), TENANT)
        .collection("userActivities").get();
    Map<String, String> actions = FirestoreCalls.await(docs, "reading back").getDocuments().stream()
        .collect(Collectors.toMap(d -> d.getId(), d -> d.getString("action")));
    assertThat(actions).hasSize(2_300);
    assertThat(actions.get("logins:300")).as("present activities are never overwritten").isEqualTo("first");
    assertThat(actions.get("logins:699")).isEqualTo("first");
    assertThat(actions.get("logins:299")).isEqualTo("second");
    assertThat(actions.get("logins:2299")).isEqualTo("second");
    assertThat(sink.write(TENANT, activities(0, 2_300, "third"))).as("a replay adds nothing").isEmpty();
  }
}
