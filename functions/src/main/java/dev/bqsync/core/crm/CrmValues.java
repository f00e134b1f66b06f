package dev.bqsync.core.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bqsync.core.config.FieldType;
import dev.bqsync.core.usage.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Values between BigQuery and the CRM. CRM values are Java values: String, Long (INTEGER), Double
 * (NUMBER: the CRM keeps doubles), Boolean, LocalDate (DATE), Instant (TIMESTAMP), Map or List
 * (JSON). {@link #canonical} is what comparisons use, so an unchanged value never counts as a change
 * whatever its numeric scale, timestamp precision or JSON key order.
 */
public final class CrmValues {
  /** The canonical text of null (a real value in snapshots: "the last synced value was null"). */
  public static final String NULL = "~";
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      // '2026-01-02' is not the JSON number 2026 followed by noise
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

  private static final BigDecimal NUMERIC_MAX = new BigDecimal("99999999999999999999999999999.999999999");
  private static final BigDecimal BIGNUMERIC_MAX = new BigDecimal(
      "578960446186580977117854925043439539266.34992332820282019728792003956564819967");

  private CrmValues() {}

  /**
   * A number the column can hold: BigQuery refuses the whole MERGE for one value out of range, so
   * such a value rejects its pair here instead.
   */
  private static BigDecimal inRange(BigDecimal n, int scale, BigDecimal max, String column) {
    if (n.setScale(scale, java.math.RoundingMode.HALF_EVEN).abs().compareTo(max) > 0) {
      throw new ConversionException("'" + abbreviate(n.toString()) + "' is out of the range of " + column);
    }
    return n;
  }

  /** A warehouse value as the CRM field of {@code type} holds it (a TIMESTAMP's date in UTC). */
  public static Object toCrm(FieldType type, Object value) {
    return toCrm(type, value, ZoneOffset.UTC);
  }

  /**
   * A warehouse value as the CRM field of {@code type} holds it. A TIMESTAMP becomes a DATE in
   * {@code zone} (the tenant's): 23:30Z on January 1st is January 2nd in Berlin, where the tenant's
   * people read their dates.
   */
  public static Object toCrm(FieldType type, Object value, ZoneId zone) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case STRING -> text(value);
      case INTEGER -> integer(value);
      case NUMBER -> number(value).doubleValue();
      case BOOLEAN -> bool(value);
      case DATE -> date(value, zone);
      case TIMESTAMP -> instant(value);
      case JSON -> value instanceof String s ? jsonFromText(s) : value;
      case ANY -> natural(value);
    };
  }

  /** A CRM value as the BigQuery column of {@code type} holds it (as the adapter will bind it). */
  public static Object toWarehouse(ColumnType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case STRING -> text(value);
      case INT64 -> integer(value);
      case FLOAT64 -> number(value).doubleValue();
      case NUMERIC -> inRange(number(value), 9, NUMERIC_MAX, "NUMERIC (29 digits before the point)");
      case BIGNUMERIC -> inRange(number(value), 38, BIGNUMERIC_MAX, "BIGNUMERIC (about 5.79E+38)");
      case BOOL -> bool(value);
      case DATE -> date(value);
      case DATETIME -> LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC);
      case TIMESTAMP -> instant(value);
      case JSON -> jsonOf(value);
      default -> throw new ConversionException("columns of type " + type + " cannot be written");
    };
  }

  /** The canonical text of a CRM value for comparisons and snapshots. */
  public static String canonical(FieldType type, Object value) {
    if (value == null) {
      return NULL;
    }
    return switch (type) {
      case STRING -> "s:" + value;
      case INTEGER -> "i:" + integer(value);
      case NUMBER -> "n:" + decimal(number(value).doubleValue());
      case BOOLEAN -> "b:" + bool(value);
      case DATE -> "d:" + date(value);
      case TIMESTAMP -> "t:" + instant(value);
      case JSON -> "j:" + jsonOf(value);
      case ANY -> canonicalNatural(value);
    };
  }

  /** The canonical text of a custom field's value as it is, whatever column it maps to. */
  static String canonicalNatural(Object value) {
    if (value instanceof Number n) {
      return "n:" + (n instanceof Double || n instanceof Float ? decimal(n.doubleValue())
          : new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
    }
    if (value instanceof Boolean b) {
      return "b:" + b;
    }
    if (value instanceof Instant i) {
      return "t:" + i.truncatedTo(ChronoUnit.MICROS);
    }
    if (value instanceof LocalDate d) {
      return "d:" + d;
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return "j:" + jsonOf(value);
    }
    return "s:" + value;
  }

  static String decimal(double d) {
    BigDecimal b = BigDecimal.valueOf(d).stripTrailingZeros();
    return b.signum() == 0 ? "0" : b.toPlainString();
  }

  private static Object natural(Object value) {
    if (value instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    return value;
  }

  static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Double || value instanceof Float) {
      return doubleText(((Number) value).doubleValue());
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return jsonOf(value);
    }
    if (value instanceof LocalDateTime t) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t); // with its seconds: 23:30:00, never 23:30
    }
    return value.toString();
  }

  /**
   * A double as text the way JavaScript and JSON print it: plain digits from 1e-7 up to 1e21
   * ({@code 10000000000}, {@code 0.1}, {@code 42}), scientific beyond ({@code 1E+21}); never Java's
   * {@code 1.0E10}. Every form parses back to the same double.
   */
  static String doubleText(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    BigDecimal b = BigDecimal.valueOf(d).stripTrailingZeros();
    double magnitude = Math.abs(d);
    if (b.signum() == 0) {
      return "0";
    }
    return magnitude >= 1e-7 && magnitude < 1e21 ? b.toPlainString() : b.toString();
  }

  static long integer(Object value) {
    try {
      if (value instanceof Long l) {
        return l;
      }
      if (value instanceof Integer i) {
        return i;
      }
      if (value instanceof BigInteger b) {
        return b.longValueExact();
      }
      if (value instanceof BigDecimal || value instanceof Double || value instanceof Float) {
        return new BigDecimal(value.toString()).stripTrailingZeros().longValueExact();
      }
      if (value instanceof String s) {
        return Long.parseLong(s.trim());
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // reported below
    }
    throw new ConversionException("'" + abbreviate(value) + "' is not a whole number");
  }

  static BigDecimal number(Object value) {
    try {
      if (value instanceof BigDecimal d) {
        return d;
      }
      if (value instanceof Double d) {
        if (d.isNaN() || d.isInfinite()) {
          throw new NumberFormatException();
        }
        return BigDecimal.valueOf(d);
      }
      if (value instanceof Number n) {
        return new BigDecimal(n.toString());
      }
      if (value instanceof String s) {
        return new BigDecimal(s.trim());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConversionException("'" + abbreviate(value) + "' is not a number");
  }

  static boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new ConversionException("'" + abbreviate(value) + "' is not true or false");
  }

  static LocalDate date(Object value) {
    return date(value, ZoneOffset.UTC);
  }

  static LocalDate date(Object value, ZoneId zone) {
    try {
      if (value instanceof LocalDate d) {
        return d;
      }
      if (value instanceof LocalDateTime t) {
        return t.toLocalDate();
      }
      if (value instanceof Instant i) {
        return inDateRange(i.atZone(zone).toLocalDate(), value);
      }
      if (value instanceof String s) {
        String t = s.trim();
        if (t.length() > 10) {
          // A time with an offset is the day in the tenant's zone, like a TIMESTAMP cell; a wall time is its day.
          try {
            return inDateRange(OffsetDateTime.parse(t.replace(' ', 'T')).toInstant().atZone(zone).toLocalDate(), value);
          } catch (DateTimeException wallTime) {
            return LocalDate.parse(t.substring(0, 10));
          }
        }
        return LocalDate.parse(t);
      }
    } catch (DateTimeException e) {
      // reported below
    }
    throw new ConversionException("'" + abbreviate(value) + "' is not a date");
  }

  /** BigQuery's DATE range: 9999-12-31 23:30Z is already year 10000 in Berlin. */
  private static LocalDate inDateRange(LocalDate d, Object value) {
    if (d.getYear() < 1 || d.getYear() > 9999) {
      throw new ConversionException("'" + abbreviate(value) + "' is day " + d + " in the tenant's time zone, outside "
          + "the dates 0001-01-01 to 9999-12-31");
    }
    return d;
  }

  static Instant instant(Object value) {
    try {
      if (value instanceof Instant i) {
        return i.truncatedTo(ChronoUnit.MICROS);
      }
      if (value instanceof LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
      }
      if (value instanceof LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (value instanceof String s) {
        String t = s.trim().replace(' ', 'T');
        if (t.length() == 10) {
          return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant(); // as a DATE column is read
        }
        try {
          return OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException notOffset) {
          return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        }
      }
    } catch (DateTimeException e) {
      // reported below
    }
    throw new ConversionException("'" + abbreviate(value) + "' is not a timestamp");
  }

  /**
   * JSON text as BigQuery gives it (a JSON cell, or a STRING cell mapped to a JSON field) parsed into
   * the value the CRM holds: an object or array, or a scalar ({@code "text"}, {@code 7}, {@code true})
   * like any other JSON value. Empty text is not JSON: BigQuery's own PARSE_JSON refuses it too.
   */
  static Object jsonFromText(String text) {
    if (text.isBlank()) {
      throw new ConversionException("empty text is not JSON: store NULL or JSON text in the column");
    }
    try {
      JsonNode node = JSON.readTree(text);
      Object tree = JSON.convertValue(node, Object.class);
      requireHoldable(tree, text);
      return tree;
    } catch (JsonProcessingException e) {
      throw new ConversionException("'" + abbreviate(text) + "' is not JSON");
    }
  }

  /** The CRM keeps 64-bit integers: a JSON number beyond them rejects its pair, never the CRM write. */
  private static void requireHoldable(Object tree, String text) {
    if (tree instanceof BigInteger b) {
      throw new ConversionException("'" + abbreviate(text) + "' holds the number " + abbreviate(b.toString())
          + ", larger than the CRM's 64-bit integers");
    }
    if (tree instanceof Map<?, ?> m) {
      m.values().forEach(v -> requireHoldable(v, text));
    } else if (tree instanceof List<?> l) {
      l.forEach(v -> requireHoldable(v, text));
    }
  }

  /**
   * A CRM value written as JSON, keys sorted: maps and lists as objects and arrays, a text as a JSON
   * string, numbers and booleans as themselves. A CRM JSON field's value is a JSON value, never JSON
   * text to parse, so {@code "text"} goes to BigQuery as the JSON string it is.
   */
  static String jsonOf(Object value) {
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      throw new ConversionException("'" + d + "' cannot be written as JSON");
    }
    if (value instanceof Instant || value instanceof LocalDate) {
      value = value.toString(); // a time in JSON is its ISO-8601 text, as BigQuery's TO_JSON writes it
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new ConversionException("value cannot be written as JSON");
    }
  }

  private static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
