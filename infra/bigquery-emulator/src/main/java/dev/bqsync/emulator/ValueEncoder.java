package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Blob;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encodes DuckDB values the way BigQuery's REST API answers them: every scalar as a string
 * (INT64 and NUMERIC too, so nothing loses precision), TIMESTAMP as float seconds or int64
 * micros as the client asks, BYTES as base64, RECORD as {@code {"f": [...]}} and REPEATED as a
 * list of {@code {"v": ...}}.
 */
final class ValueEncoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private final boolean int64Timestamps;

  ValueEncoder(boolean int64Timestamps) {
    this.int64Timestamps = int64Timestamps;
  }

  ObjectNode row(List<FieldSchema> schema, Object[] values) {
    ObjectNode row = NODES.objectNode();
    ArrayNode cells = row.putArray("f");
    for (int i = 0; i < schema.size(); i++) {
      cells.addObject().set("v", encode(schema.get(i), values[i]));
    }
    return row;
  }

  JsonNode encode(FieldSchema field, Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (field.repeated()) {
      ArrayNode out = NODES.arrayNode();
      FieldSchema element = field.element();
      for (Object item : elements(value)) {
        out.addObject().set("v", encode(element, item));
      }
      return out;
    }
    if (field.type().equals("RECORD")) {
      Map<String, Object> members = members(value);
      ObjectNode out = NODES.objectNode();
      ArrayNode cells = out.putArray("f");
      for (FieldSchema sub : field.fields()) {
        cells.addObject().set("v", encode(sub, members.get(sub.name())));
      }
      return out;
    }
    return NODES.textNode(scalar(field.type(), value));
  }

  private String scalar(String type, Object value) {
    return switch (type) {
      case "FLOAT" -> Double.toString(((Number) value).doubleValue());
      case "NUMERIC", "BIGNUMERIC" -> {
        BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
        yield d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
      }
      case "BOOLEAN" -> value.toString();
      case "BYTES" -> Base64.getEncoder().encodeToString(bytes(value));
      case "DATE" -> date(value).toString();
      case "DATETIME" -> dateTime(value);
      case "TIME" -> time(value);
      case "TIMESTAMP" -> timestamp(instant(value));
      default -> value.toString();
    };
  }

  String timestamp(Instant instant) {
    // Not ChronoUnit.MICROS.between: it counts in nanos and overflows beyond 1677..2262.
    long micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    if (int64Timestamps) {
      return Long.toString(micros);
    }
    // BigQuery writes float seconds in scientific notation, e.g. 1.700000000123456E9.
    BigDecimal seconds = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
    if (seconds.signum() == 0) {
      return "0.0";
    }
    String digits = seconds.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - seconds.scale();
    String mantissa = digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
    return (seconds.signum() < 0 ? "-" : "") + mantissa + "E" + exponent;
  }

  private static Instant instant(Object value) {
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toInstant();
    }
    if (value instanceof LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof Instant i) {
      return i;
    }
    return OffsetDateTime.parse(value.toString().replace(' ', 'T')).toInstant();
  }

  private static LocalDate date(Object value) {
    if (value instanceof LocalDate d) {
      return d;
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return LocalDate.parse(value.toString().substring(0, 10));
  }

  private static String dateTime(Object value) {
    LocalDateTime t;
    if (value instanceof LocalDateTime l) {
      t = l;
    } else if (value instanceof java.sql.Timestamp ts) {
      t = ts.toLocalDateTime();
    } else if (value instanceof OffsetDateTime o) {
      t = o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } else {
      t = LocalDateTime.parse(value.toString().replace(' ', 'T'));
    }
    String base = DATETIME.format(t);
    int micros = t.getNano() / 1000;
    return micros == 0 ? base : base + "." + String.format("%06d", micros);
  }

  private static String time(Object value) {
    LocalTime t = value instanceof LocalTime l ? l
        : value instanceof java.sql.Time s ? s.toLocalTime() : LocalTime.parse(value.toString());
    String base = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    int micros = t.getNano() / 1000;
    return micros == 0 ? base : base + "." + String.format("%06d", micros);
  }

  private static byte[] bytes(Object value) {
    try {
      if (value instanceof byte[] b) {
        return b;
      }
      if (value instanceof Blob blob) {
        return blob.getBytes(1, (int) blob.length());
      }
      if (value instanceof ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read BYTES value", e);
    }
    return value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Object[] elements(Object value) {
    try {
      if (value instanceof java.sql.Array array) {
        return (Object[]) array.getArray();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read ARRAY value", e);
    }
    if (value instanceof List<?> list) {
      return list.toArray();
    }
    if (value instanceof Object[] array) {
      return array;
    }
    throw new IllegalStateException("not an array: " + value.getClass());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> members(Object value) {
    try {
      if (value instanceof org.duckdb.DuckDBStruct struct) {
        return struct.getMap();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read RECORD value", e);
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new IllegalStateException("not a record: " + value.getClass());
  }
}
