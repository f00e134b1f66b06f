package dev.bqsync.gcp;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import dev.bqsync.core.config.Aggregation;
import dev.bqsync.core.config.UsageModel;
import dev.bqsync.core.usage.StoredSize;
import dev.bqsync.core.usage.MetricPoint;
import dev.bqsync.core.usage.UsageRecord;
import dev.bqsync.core.usage.UserActivity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Usage records as Firestore fields and back. Exact decimals are kept as text next to their double. */
final class UsageRecordCodec {
  private UsageRecordCodec() {}

  static Map<String, Object> encode(UsageRecord record) {
    Map<String, Object> out = new HashMap<>();
    out.put("sectionId", record.sectionId());
    out.put("key", record.key());
    if (record instanceof UserActivity a) {
      out.put("kind", "USER_ACTIVITY");
      out.put("email", a.email());
      out.put("emailLower", a.email() == null ? null : a.email().toLowerCase(java.util.Locale.ROOT));
      out.put("externalId", a.externalId());
      out.put("companyExternalId", a.companyExternalId());
      out.put("action", a.action());
      out.put("date", FirestoreValues.timestamp(a.date()));
      out.put("name", a.name());
      out.put("weight", a.weight());
      out.put("info", value(a.info()));
    } else if (record instanceof MetricPoint p) {
      out.put("kind", "CUSTOM_METRIC");
      out.put("model", p.model().name());
      out.put("externalId", p.externalId());
      out.put("dimensionId", p.dimensionId());
      out.put("value", p.value().doubleValue());
      out.put("valueText", p.value().toPlainString());
      out.put("date", FirestoreValues.timestamp(p.date()));
      out.put("day", p.day().toString());
      out.put("aggregation", p.aggregation().name());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  /** About how many bytes Firestore counts for the record's document (its name and its fields). */
  static long approximateBytes(UsageRecord record) {
    return 32 + record.id().length() + StoredSize.of(encode(record));
  }

  static UsageRecord decode(String id, Map<String, Object> data) {
    String sectionId = (String) data.get("sectionId");
    String key = (String) data.get("key");
    if ("USER_ACTIVITY".equals(data.get("kind"))) {
      Map<String, Object> info = (Map<String, Object>) plain(data.get("info"));
      Number weight = (Number) data.get("weight");
      return new UserActivity(id, sectionId, key, (String) data.get("email"), (String) data.get("externalId"),
          (String) data.get("companyExternalId"), (String) data.get("action"),
          FirestoreValues.instant((Timestamp) data.get("date")), (String) data.get("name"),
          weight == null ? null : weight.doubleValue(), info);
    }
    return new MetricPoint(id, sectionId, key, UsageModel.valueOf((String) data.get("model")),
        (String) data.get("externalId"), (String) data.get("dimensionId"), new BigDecimal((String) data.get("valueText")),
        FirestoreValues.instant((Timestamp) data.get("date")), LocalDate.parse((String) data.get("day")),
        Aggregation.valueOf((String) data.get("aggregation")));
  }

  /** A warehouse value as a Firestore value: exact decimals as text, times as timestamps, bytes as blobs. */
  static Object value(Object value) {
    if (value == null || value instanceof String || value instanceof Long || value instanceof Double
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Instant i) {
      return FirestoreValues.timestamp(i);
    }
    if (value instanceof TemporalAccessor t) {
      return t.toString();
    }
    if (value instanceof byte[] b) {
      return Blob.fromBytes(b);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(value(v)));
      return out;
    }
    return value.toString();
  }

  private static Object plain(Object value) {
    if (value instanceof Timestamp t) {
      return FirestoreValues.instant(t);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(UsageRecordCodec::plain).toList();
    }
    return value;
  }
}
