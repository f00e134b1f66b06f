package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import io.grpc.Status;
import dev.bqsync.core.Sha256;
import dev.bqsync.core.config.Aggregation;
import dev.bqsync.core.usage.MetricPoint;
import dev.bqsync.core.usage.RowKey;
import dev.bqsync.core.usage.UsageRecord;
import dev.bqsync.core.usage.UserActivity;
import dev.bqsync.port.UsageSink;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Usage in Firestore. User Activities: {@code tenants/{t}/userActivities/{section:key}}, written
 * only where absent. Custom Metrics: every point in {@code customMetricPoints/{section:key}}, and
 * the daily value per (section, record, dimension, day) in {@code customMetrics/{hash}}; a chunk
 * of points and the daily values they touch are written in one transaction, and only points not
 * seen before move a daily value, so a replayed page never counts twice.
 */
public final class FirestoreUsageSink implements UsageSink {
  /** Firestore takes at most 500 writes per commit. */
  static final int ACTIVITIES_PER_COMMIT = 500;
  /**
   * And at most 10 MiB per commit (the emulator: 4 MiB): a chunk of activities stays under 3 MiB,
   * so large rows make more commits, never one that is refused.
   */
  static final long BYTES_PER_COMMIT = 3L << 20;
  /** A point and its daily value are two writes; 200 points touch at most 400 documents. */
  static final int POINTS_PER_TRANSACTION = 200;

  private final Firestore db;
  private final WriteRamp ramp;

  public FirestoreUsageSink(Firestore db, WriteRamp ramp) {
    this.db = db;
    this.ramp = ramp;
  }

  @Override
  public Set<String> write(String tenantId, List<UsageRecord> records) {
    List<UserActivity> activities = new ArrayList<>();
    List<MetricPoint> points = new ArrayList<>();
    for (UsageRecord record : records) {
      if (record instanceof UserActivity a) {
        activities.add(a);
      } else {
        points.add((MetricPoint) record);
      }
    }
    Set<String> fresh = new HashSet<>();
    for (List<UserActivity> chunk : chunks(activities)) {
      fresh.addAll(writeActivities(tenantId, chunk));
    }
    for (int from = 0; from < points.size(); from += POINTS_PER_TRANSACTION) {
      fresh.addAll(writePoints(tenantId, points.subList(from, Math.min(points.size(), from + POINTS_PER_TRANSACTION))));
    }
    return fresh;
  }

  /**
   * Chunks of at most 500 activities and 3 MiB (sizes counted roughly as Firestore counts them).
   * Not BulkWriter: it sends 20 writes per request, and measured 463 rows/s against this writer's
   * 3,284 on the emulator (docs/benchmarks.md).
   */
  static List<List<UserActivity>> chunks(List<UserActivity> activities) {
    List<List<UserActivity>> out = new ArrayList<>();
    List<UserActivity> current = new ArrayList<>();
    long bytes = 0;
    for (UserActivity a : activities) {
      long size = UsageRecordCodec.approximateBytes(a);
      if (!current.isEmpty() && (current.size() == ACTIVITIES_PER_COMMIT || bytes + size > BYTES_PER_COMMIT)) {
        out.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(a);
      bytes += size;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  /**
   * Writes the activities of a chunk that are not there yet; returns their ids. First as creates
   * in one commit, which Firestore refuses whole with ALREADY_EXISTS when any of them is there:
   * new rows, the usual case, cost one round trip and no reads (the read-first writer this
   * replaced paid a read per activity). Only a refused chunk (rows re-read by the lookback, or a
   * replay after a crash) is read to find what is missing, which is then written. Not BulkWriter:
   * its close() hung for good on the emulator, in the pull and in the benchmark's bare loop
   * (docs/benchmarks.md).
   */
  private Set<String> writeActivities(String tenantId, List<UserActivity> chunk) {
    DocumentReference[] refs = chunk.stream()
        .map(a -> FirestorePaths.document(FirestorePaths.tenant(db, tenantId).collection("userActivities"), a.id()))
        .toArray(DocumentReference[]::new);
    WriteBatch creates = db.batch();
    for (int i = 0; i < chunk.size(); i++) {
      creates.create(refs[i], UsageRecordCodec.encode(chunk.get(i)));
    }
    ramp.acquire(chunk.size());
    try {
      creates.commit().get();
      Set<String> fresh = new HashSet<>();
      chunk.forEach(a -> fresh.add(a.id()));
      return fresh;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateStoreException("interrupted while writing user activities", e);
    } catch (ExecutionException e) {
      if (FirestoreCalls.statusCode(e.getCause()).filter(c -> c == Status.Code.ALREADY_EXISTS).isEmpty()) {
        throw FirestoreCalls.translate("writing user activities", e.getCause());
      }
    }
    return writeMissingActivities(chunk, refs);
  }

  /** One read to find which activities of the chunk are missing, one commit to write those. */
  private Set<String> writeMissingActivities(List<UserActivity> chunk, DocumentReference[] refs) {
    List<DocumentSnapshot> existing = FirestoreCalls.await(db.getAll(refs), "reading user activities");
    WriteBatch batch = db.batch();
    Set<String> fresh = new HashSet<>();
    for (int i = 0; i < chunk.size(); i++) {
      if (!existing.get(i).exists()) {
        batch.set(refs[i], UsageRecordCodec.encode(chunk.get(i)));
        fresh.add(chunk.get(i).id());
      }
    }
    if (!fresh.isEmpty()) {
      ramp.acquire(fresh.size());
      FirestoreCalls.await(batch.commit(), "writing user activities");
    }
    return fresh;
  }

  private Set<String> writePoints(String tenantId, List<MetricPoint> chunk) {
    DocumentReference tenant = FirestorePaths.tenant(db, tenantId);
    Map<String, DocumentReference> dailyRefs = new LinkedHashMap<>();
    for (MetricPoint p : chunk) {
      dailyRefs.putIfAbsent(dailyId(p), FirestorePaths.document(tenant.collection("customMetrics"), dailyId(p)));
    }
    List<DocumentReference> refs = new ArrayList<>();
    chunk.forEach(p -> refs.add(FirestorePaths.document(tenant.collection("customMetricPoints"), p.id())));
    refs.addAll(dailyRefs.values());
    ramp.acquire(refs.size());
    return FirestoreCalls.await(db.runTransaction(tx -> {
      List<DocumentSnapshot> snapshots = tx.getAll(refs.toArray(DocumentReference[]::new)).get();
      Map<String, DailyValue> daily = new HashMap<>();
      int i = 0;
      for (DocumentReference ref : dailyRefs.values()) {
        daily.put(ref.getId(), DailyValue.of(snapshots.get(chunk.size() + i++)));
      }
      Set<String> fresh = new HashSet<>();
      for (int p = 0; p < chunk.size(); p++) {
        if (snapshots.get(p).exists()) {
          continue; // counted before: a replay must not count it again
        }
        MetricPoint point = chunk.get(p);
        Map<String, Object> fields = UsageRecordCodec.encode(point);
        fields.put("metricId", dailyId(point));
        tx.create(refs.get(p), fields);
        daily.get(dailyId(point)).add(point);
        fresh.add(point.id());
      }
      for (MetricPoint point : chunk) {
        DailyValue value = daily.remove(dailyId(point));
        if (value != null && value.changed) {
          tx.set(dailyRefs.get(dailyId(point)), value.fields(point));
        }
      }
      return fresh;
    }), "writing custom metric points");
  }

  /** The daily value's id: a hash, because external ids may hold characters Firestore ids cannot. */
  static String dailyId(MetricPoint p) {
    String identity = String.join("\u0000", p.sectionId(), p.model().name(), p.externalId(), p.dimensionId(),
        p.day().toString());
    return Sha256.hex(identity).substring(0, 40);
  }

  /** A daily value as read in the transaction, moved by new points only. */
  private static final class DailyValue {
    BigDecimal value;
    RowKey lastKey;
    long points;
    boolean changed;

    static DailyValue of(DocumentSnapshot snapshot) {
      DailyValue d = new DailyValue();
      if (snapshot.exists()) {
        d.value = new BigDecimal(snapshot.getString("valueText"));
        d.lastKey = RowKey.parse(snapshot.getString("lastKey"));
        Long points = snapshot.getLong("points");
        d.points = points == null ? 0 : points;
      }
      return d;
    }

    void add(MetricPoint point) {
      RowKey key = RowKey.parse(point.key()); // in the order the pull reads keys, times and tie-breaks included
      if (point.aggregation() == Aggregation.SUM) {
        value = value == null ? point.value() : value.add(point.value());
      } else if (lastKey == null || key.compareTo(lastKey) > 0) {
        value = point.value(); // LAST: the row with the highest key wins, whatever order rows arrive in
      }
      lastKey = lastKey == null || key.compareTo(lastKey) > 0 ? key : lastKey;
      points++;
      changed = true;
    }

    Map<String, Object> fields(MetricPoint p) {
      Map<String, Object> out = new HashMap<>();
      out.put("sectionId", p.sectionId());
      out.put("model", p.model().name());
      out.put("externalId", p.externalId());
      out.put("dimensionId", p.dimensionId());
      out.put("day", p.day().toString());
      out.put("aggregation", p.aggregation().name());
      out.put("value", value.doubleValue());
      out.put("valueText", value.toPlainString());
      out.put("points", points);
      out.put("lastKey", lastKey.text());
      return out;
    }
  }
}
