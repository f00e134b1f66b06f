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
import java.time.ZoneOffset;
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
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

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

  /** A warehouse value as the CRM field of {@code type} holds it. */
  public static Object toCrm(FieldType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case STRING -> text(value);
      case INTEGER -> integer(value);
      case NUMBER -> number(value).doubleValue();
      case BOOLEAN -> bool(value);
      case DATE -> date(value);
      case TIMESTAMP -> instant(value);
      case JSON -> json(value);
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
      case JSON -> jsonText(value);
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
      case JSON -> "j:" + jsonText(json(value));
      case ANY -> canonicalNatural(value);
    };
  }

  private static String canonicalNatural(Object value) {
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
      return "j:" + jsonText(value);
    }
    return "s:" + value;
  }

  private static String decimal(double d) {
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
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return jsonText(value);
    }
    return value.toString();
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
    try {
      if (value instanceof LocalDate d) {
        return d;
      }
      if (value instanceof LocalDateTime t) {
        return t.toLocalDate();
      }
      if (value instanceof Instant i) {
        return i.atOffset(ZoneOffset.UTC).toLocalDate();
      }
      if (value instanceof String s) {
        return LocalDate.parse(s.trim().length() > 10 ? s.trim().substring(0, 10) : s.trim());
      }
    } catch (DateTimeException e) {
      // reported below
    }
    throw new ConversionException("'" + abbreviate(value) + "' is not a date");
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

  static Object json(Object value) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return value;
    }
    if (value instanceof String s) {
      try {
        JsonNode node = JSON.readTree(s);
        Object tree = JSON.convertValue(node, Object.class);
        requireHoldable(tree, s);
        return tree;
      } catch (JsonProcessingException e) {
        throw new ConversionException("'" + abbreviate(value) + "' is not JSON");
      }
    }
    return value;
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

  static String jsonText(Object value) {
    try {
      Object tree = value instanceof String s ? json(s) : value;
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new ConversionException("value cannot be written as JSON");
    }
  }

  private static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
