package dev.bqsync.gcp;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.usage.ColumnType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * A staged MERGE's rows as newline-delimited JSON for a load job, in the staging table's layout
 * ({@code _k}, {@code _i}, {@code _d}, then {@code _v}/{@code _s} per column: see
 * BigQueryCrmWarehouse). Values take the JSON forms BigQuery's loads read: INT64 and FLOAT64 as
 * numbers (non-finite FLOAT64 as "NaN"/"Infinity"/"-Infinity"), NUMERIC and BIGNUMERIC as decimal
 * text (exact), DATE, DATETIME and TIMESTAMP as text at microseconds (TIMESTAMP in UTC). JSON
 * columns are not staged this way.
 */
final class StagedRows {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter DATETIME = BigQueryCrmWarehouse.DATETIME;
  private static final DateTimeFormatter TIMESTAMP = DATETIME.withZone(java.time.ZoneOffset.UTC);

  private StagedRows() {}

  static void write(OutputStream out, List<SyncPlan.WarehouseWrite> writes, List<String> columns,
      Map<String, ColumnType> types, boolean deletes) {
    try {
      JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8);
      json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
      for (SyncPlan.WarehouseWrite write : writes) {
        json.writeStartObject();
        json.writeStringField("_k", write.key());
        json.writeBooleanField("_i", write.insert());
        if (deletes) {
          json.writeBooleanField("_d", write.deletes());
        }
        for (int i = 0; i < columns.size(); i++) {
          boolean set = write.values().containsKey(columns.get(i));
          Object value = set ? write.values().get(columns.get(i)) : null;
          if (value != null) {
            json.writeFieldName("_v" + i);
            value(json, types.get(columns.get(i)), value);
          }
          json.writeBooleanField("_s" + i, set);
        }
        json.writeEndObject();
      }
      json.writeRaw('\n');
      json.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void value(JsonGenerator json, ColumnType type, Object value) throws IOException {
    switch (type) {
      case STRING -> json.writeString((String) value);
      case INT64 -> json.writeNumber((Long) value);
      case FLOAT64 -> {
        double d = (Double) value;
        if (Double.isFinite(d)) {
          json.writeNumber(d);
        } else {
          json.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
      }
      case NUMERIC, BIGNUMERIC -> json.writeString(((BigDecimal) value).toPlainString());
      case BOOL -> json.writeBoolean((Boolean) value);
      case DATE -> json.writeString(value.toString());
      case DATETIME -> json.writeString(DATETIME.format((LocalDateTime) value));
      case TIMESTAMP -> json.writeString(TIMESTAMP.format((Instant) value) + " UTC");
      default -> throw new IllegalArgumentException("cannot stage a " + type + " column in a load");
    }
  }
}
