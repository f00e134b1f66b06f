package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.BulkWriter;
import com.google.cloud.firestore.BulkWriterOptions;
import com.google.cloud.firestore.WriteResult;
import io.grpc.Status;
import java.util.concurrent.ExecutionException;
import dev.bqsync.core.config.Aggregation;
import dev.bqsync.core.usage.MetricPoint;
import dev.bqsync.core.usage.UsageRecord;
import dev.bqsync.core.usage.UserActivity;
import dev.bqsync.port.UsageSink;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Usage in Firestore. User Activities: {@code tenants/{t}/userActivities/{section:key}}, written
 * only where absent. Custom Metrics: every point in {@code customMetricPoints/{section:key}}, and
 * the daily value per (section, record, dimension, day) in {@code customMetrics/{hash}}; a chunk
 * of points and the daily values they touch are written in one transaction, and only points not
 * seen before move a daily value, so a replayed page never counts twice.
 */
public final class FirestoreUsageSink implements UsageSink {
  /** Activities handed to one BulkWriter at a time (it batches them itself). */
  static final int ACTIVITIES_PER_BATCH = 500;
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
    for (int from = 0; from < activities.size(); from += ACTIVITIES_PER_BATCH) {
      fresh.addAll(writeActivities(tenantId, activities.subList(from, Math.min(activities.size(), from + ACTIVITIES_PER_BATCH))));
    }
    for (int from = 0; from < points.size(); from += POINTS_PER_TRANSACTION) {
      fresh.addAll(writePoints(tenantId, points.subList(from, Math.min(points.size(), from + POINTS_PER_TRANSACTION))));
    }
    return fresh;
  }

  /**
   * User activities through BulkWriter: each is a create (exists=false precondition), so one already
   * there answers ALREADY_EXISTS and is left as it is, with no read first; BulkWriter batches, retries
   * what Firestore says to retry, and ramps up by 500/50/5 itself when the ramp is on. A write it
   * gives up on fails the call (the cursor stays, and a rerun's creates repair it: nothing half-done
   * stays half-done).
   */
  private Set<String> writeActivities(String tenantId, List<UserActivity> chunk) {
    Map<String, ApiFuture<WriteResult>> writes = new LinkedHashMap<>();
    BulkWriter writer = db.bulkWriter(BulkWriterOptions.builder().setThrottlingEnabled(ramp.enabled()).build());
    try {
      for (UserActivity a : chunk) {
        writes.put(a.id(), writer.create(FirestorePaths.document(FirestorePaths.tenant(db, tenantId)
            .collection("userActivities"), a.id()), UsageRecordCodec.encode(a)));
      }
    } finally {
      closeFlushing(writer);
    }
    Set<String> fresh = new HashSet<>();
    for (Map.Entry<String, ApiFuture<WriteResult>> write : writes.entrySet()) {
      try {
        write.getValue().get();
        fresh.add(write.getKey());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new dev.bqsync.core.TransientException("interrupted while writing user activities", e);
      } catch (ExecutionException e) {
        if (FirestoreCalls.statusCode(e.getCause()).filter(c -> c == Status.Code.ALREADY_EXISTS).isEmpty()) {
          throw FirestoreCalls.translate("writing user activity " + write.getKey(), e.getCause());
        }
      }
    }
    return fresh;
  }

  /** Sends what is queued and waits for it; each write's own future says how it went. */
  private static void closeFlushing(BulkWriter writer) {
    try {
      writer.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.bqsync.core.TransientException("interrupted while writing user activities", e);
    } catch (ExecutionException e) {
      // a failed write; its future carries the failure, which the caller reads
    }
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
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A daily value as read in the transaction, moved by new points only. */
  private static final class DailyValue {
    BigDecimal value;
    BigInteger lastKey;
    long points;
    boolean changed;

    static DailyValue of(DocumentSnapshot snapshot) {
      DailyValue d = new DailyValue();
      if (snapshot.exists()) {
        d.value = new BigDecimal(snapshot.getString("valueText"));
        d.lastKey = new BigInteger(snapshot.getString("lastKey"));
        Long points = snapshot.getLong("points");
        d.points = points == null ? 0 : points;
      }
      return d;
    }

    void add(MetricPoint point) {
      BigInteger key = new BigInteger(point.key());
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
      out.put("lastKey", lastKey.toString());
      return out;
    }
  }
}
