package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks a value in BigQuery's JSON form (an insertAll row, or a query parameter) against its
 * field and turns it into a DuckDB literal. Every value is validated here, in Java, so one bad
 * row is reported by itself and a statement built from good values cannot fail half way.
 */
final class Values {
  private static final BigInteger MIN_INT64 = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_INT64 = BigInteger.valueOf(Long.MAX_VALUE);
  private static final DateTimeFormatter DATETIME_IN = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendValue(ChronoField.HOUR_OF_DAY, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE).appendLiteral(':')
      .appendValue(ChronoField.MINUTE_OF_HOUR, 2).optionalStart().appendLiteral(':')
      .appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .optionalEnd().optionalEnd().toFormatter();
  private static final DateTimeFormatter MICROS_OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private Values() {}

  /**
   * Leaf types whose DuckDB literal is a quoted text (or a boolean) that DuckDB casts to the type the
   * same way from a JSON string: see {@link #typedFromJson}. BYTES (from_base64), JSON (a value that
   * would stay a JSON string) and GEOGRAPHY/INTERVAL are left to {@link #typed}.
   */
  private static final Set<String> JSON_CASTABLE = Set.of("INTEGER", "FLOAT", "NUMERIC", "BIGNUMERIC", "BOOLEAN",
      "STRING", "DATE", "DATETIME", "TIME", "TIMESTAMP");

  /** Whether {@link #typedFromJson} can carry every leaf of the field. */
  static boolean jsonCastable(FieldSchema field) {
    if (field.type().equals("RECORD")) {
      return field.fields().stream().allMatch(Values::jsonCastable);
    }
    return JSON_CASTABLE.contains(field.type());
  }

  /**
   * The same value as {@link #typed}, validated the same way, as one JSON text that DuckDB casts to
   * the field's type. DuckDB parses and binds a literal of 10,000 structs in seconds (each element is
   * an expression), and a JSON text in milliseconds (one constant), so a large array parameter (a
   * MERGE's rows) takes this form. Only for fields where {@link #jsonCastable} holds.
   */
  static String typedFromJson(FieldSchema field, JsonNode value, boolean ignoreUnknown) {
    String json = jsonForm(field, value, field.name(), ignoreUnknown).toString();
    return "CAST(CAST(" + Sql.quoteString(json) + " AS JSON) AS " + field.duckType() + ")";
  }

  /** One value, checked as {@link #inner} checks it, in the JSON form of {@link #typedFromJson}. */
  static JsonNode jsonForm(FieldSchema field, JsonNode value, String location, boolean ignoreUnknown) {
    return walk(field, value, location, ignoreUnknown, JSON_FORM);
  }

  /** The value as a DuckDB literal cast to the field's DuckDB type. */
  static String typed(FieldSchema field, JsonNode value, boolean ignoreUnknown) {
    return "CAST(" + inner(field, value, field.name(), ignoreUnknown) + " AS " + field.duckType() + ")";
  }

  /** The value as an untyped DuckDB literal (texts, booleans, lists, structs) that casts to the field's type. */
  static String inner(FieldSchema field, JsonNode value, String location, boolean ignoreUnknown) {
    return walk(field, value, location, ignoreUnknown, LITERAL_FORM);
  }

  /** What a checked value is built into: a DuckDB literal, or the JSON of {@link #typedFromJson}. */
  private interface Form<T> {
    T none(boolean repeated);

    T array(List<T> items);

    T record(List<String> names, List<T> values);

    /** A leaf, as {@link #canonical} gives it. */
    T scalar(String type, String canonical);
  }

  private static final Form<String> LITERAL_FORM = new Form<>() {
    @Override
    public String none(boolean repeated) {
      return repeated ? "[]" : "NULL";
    }

    @Override
    public String array(List<String> items) {
      return "[" + String.join(", ", items) + "]";
    }

    @Override
    public String record(List<String> names, List<String> values) {
      StringBuilder out = new StringBuilder("{");
      for (int i = 0; i < names.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(Sql.quoteString(names.get(i))).append(": ").append(values.get(i));
      }
      return out.append('}').toString();
    }

    @Override
    public String scalar(String type, String canonical) {
      return switch (type) {
        case "BOOLEAN" -> canonical;
        case "BYTES" -> "from_base64(" + Sql.quoteString(canonical) + ")";
        default -> Sql.quoteString(canonical);
      };
    }
  };

  private static final Form<JsonNode> JSON_FORM = new Form<>() {
    @Override
    public JsonNode none(boolean repeated) {
      return repeated ? Json.array() : Json.MAPPER.nullNode();
    }

    @Override
    public JsonNode array(List<JsonNode> items) {
      return Json.array().addAll(items);
    }

    @Override
    public JsonNode record(List<String> names, List<JsonNode> values) {
      var out = Json.object();
      for (int i = 0; i < names.size(); i++) {
        out.set(names.get(i), values.get(i));
      }
      return out;
    }

    @Override
    public JsonNode scalar(String type, String canonical) {
      return type.equals("BOOLEAN") ? Json.MAPPER.getNodeFactory().booleanNode(canonical.equals("TRUE"))
          : Json.MAPPER.getNodeFactory().textNode(canonical);
    }
  };

  /** Checks the value against the field, as BigQuery does, building it into {@code form}. */
  private static <T> T walk(FieldSchema field, JsonNode value, String location, boolean ignoreUnknown, Form<T> form) {
    if (value == null || value.isNull()) {
      if (field.mode().equals("REQUIRED")) {
        throw new ValueException(location, "Missing required field: " + location + ".");
      }
      return form.none(field.repeated());
    }
    if (field.repeated()) {
      if (!value.isArray()) {
        throw new ValueException(location, "Array specified for non-repeated field: " + location
            + "? No: a REPEATED field needs a JSON array.");
      }
      List<T> items = new ArrayList<>(value.size());
      FieldSchema element = field.element();
      for (JsonNode item : value) {
        if (item.isNull()) {
          throw new ValueException(location, "Field " + location + ": NULL values are not allowed in ARRAY.");
        }
        items.add(walk(element, item, location, ignoreUnknown, form));
      }
      return form.array(items);
    }
    if (value.isArray()) {
      throw new ValueException(location, "Array specified for non-repeated field: " + location + ".");
    }
    if (field.type().equals("RECORD")) {
      if (!value.isObject()) {
        throw new ValueException(location, "This field: " + location + " is not a record.");
      }
      List<String> names = new ArrayList<>();
      List<T> values = new ArrayList<>();
      for (FieldSchema sub : field.fields()) {
        names.add(sub.name());
        values.add(walk(sub, fieldIgnoringCase(value, sub.name()), location + "." + sub.name(), ignoreUnknown, form));
      }
      checkKnown(field, value, location, ignoreUnknown);
      return form.record(names, values);
    }
    if (value.isObject()) {
      throw new ValueException(location, "This field: " + location + " is not a record.");
    }
    return form.scalar(field.type(), canonical(field.type(), value, location));
  }

  private static void checkKnown(FieldSchema field, JsonNode value, String location, boolean ignoreUnknown) {
    if (ignoreUnknown) {
      return;
    }
    Set<String> known = new HashSet<>();
    for (FieldSchema sub : field.fields()) {
      known.add(sub.name().toLowerCase(java.util.Locale.ROOT));
    }
    for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        throw new ValueException(location + "." + name, "no such field: " + name + ".");
      }
    }
  }

  static JsonNode fieldIgnoringCase(JsonNode object, String name) {
    JsonNode exact = object.get(name);
    if (exact != null) {
      return exact;
    }
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String candidate = names.next();
      if (candidate.equalsIgnoreCase(name)) {
        return object.get(candidate);
      }
    }
    return null;
  }

  /** The value's text as DuckDB casts it to the type (base64 for BYTES, TRUE/FALSE for BOOLEAN); validated. */
  private static String canonical(String type, JsonNode value, String location) {
    String text = value.asText();
    try {
      return switch (type) {
        case "INTEGER" -> {
          BigInteger n = value.isIntegralNumber() ? value.bigIntegerValue() : new BigInteger(text.trim());
          if (n.compareTo(MIN_INT64) < 0 || n.compareTo(MAX_INT64) > 0) {
            throw new NumberFormatException();
          }
          yield n.toString();
        }
        case "FLOAT" -> {
          if (!value.isNumber() && !text.matches("(?i)[+-]?(nan|inf|infinity)")) {
            Double.parseDouble(text);
          }
          String canonical = text.equalsIgnoreCase("inf") || text.equalsIgnoreCase("+inf") ? "Infinity"
              : text.equalsIgnoreCase("-inf") ? "-Infinity" : text;
          yield canonical;
        }
        case "NUMERIC", "BIGNUMERIC" -> {
          boolean big = type.equals("BIGNUMERIC");
          BigDecimal d = new BigDecimal(text.trim()).setScale(big ? 6 : 9, RoundingMode.HALF_UP);
          int integerDigits = d.precision() - d.scale();
          if (integerDigits > (big ? 32 : 29)) {
            throw new ValueException(location, "Invalid " + type + " value: " + text + " (out of range) in field "
                + location + ".");
          }
          yield d.toPlainString();
        }
        case "BOOLEAN" -> {
          if (value.isBoolean()) {
            yield value.booleanValue() ? "TRUE" : "FALSE";
          }
          if (text.equalsIgnoreCase("true") || text.equals("1")) {
            yield "TRUE";
          }
          if (text.equalsIgnoreCase("false") || text.equals("0")) {
            yield "FALSE";
          }
          throw new IllegalArgumentException();
        }
        case "STRING", "GEOGRAPHY", "INTERVAL" -> text;
        case "BYTES" -> {
          byte[] bytes = text.contains("-") || text.contains("_")
              ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
          yield Base64.getEncoder().encodeToString(bytes);
        }
        case "DATE" -> LocalDate.parse(text.trim()).toString();
        case "DATETIME" -> MICROS_OUT.format(LocalDateTime.parse(text.trim(), DATETIME_IN));
        case "TIME" -> LocalTime.parse(text.trim()).truncatedTo(ChronoUnit.MICROS).toString();
        case "TIMESTAMP" -> MICROS_OUT.format(timestamp(value, location).atOffset(ZoneOffset.UTC)) + "+00";
        case "JSON" -> value.isTextual() ? Json.MAPPER.readTree(text).toString() : value.toString();
        default -> throw new IllegalStateException("unknown type " + type);
      };
    } catch (ValueException e) {
      throw e;
    } catch (RuntimeException | java.io.IOException e) {
      throw new ValueException(location, "Cannot convert value to " + type.toLowerCase(java.util.Locale.ROOT)
          + " (bad value): " + text + " in field " + location + ".");
    }
  }

  /** TIMESTAMP as BigQuery reads it: see {@link TimestampText}. */
  static Instant timestamp(JsonNode value, String location) {
    try {
      return TimestampText.parse(value.asText(), value.isNumber());
    } catch (IllegalArgumentException e) {
      if (String.valueOf(e.getMessage()).startsWith("out of range")) {
        throw new ValueException(location, "Timestamp value " + e.getMessage().replaceFirst("^out of range: ", "")
            .replaceFirst(" \\(", " is out of range (") + " in field " + location + ".");
      }
      throw e;
    }
  }
}
