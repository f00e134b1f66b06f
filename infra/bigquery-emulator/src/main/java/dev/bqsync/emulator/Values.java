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
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
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

  /** The value as a DuckDB literal cast to the field's DuckDB type. */
  static String typed(FieldSchema field, JsonNode value, boolean ignoreUnknown) {
    return "CAST(" + inner(field, value, field.name(), ignoreUnknown) + " AS " + field.duckType() + ")";
  }

  /** The value as an untyped DuckDB literal (texts, booleans, lists, structs) that casts to the field's type. */
  static String inner(FieldSchema field, JsonNode value, String location, boolean ignoreUnknown) {
    if (value == null || value.isNull()) {
      if (field.mode().equals("REQUIRED")) {
        throw new ValueException(location, "Missing required field: " + location + ".");
      }
      return field.repeated() ? "[]" : "NULL";
    }
    if (field.repeated()) {
      if (!value.isArray()) {
        throw new ValueException(location, "Array specified for non-repeated field: " + location
            + "? No: a REPEATED field needs a JSON array.");
      }
      StringBuilder out = new StringBuilder("[");
      FieldSchema element = field.element();
      for (int i = 0; i < value.size(); i++) {
        if (value.get(i).isNull()) {
          throw new ValueException(location, "Field " + location + ": NULL values are not allowed in ARRAY.");
        }
        if (i > 0) {
          out.append(", ");
        }
        out.append(inner(element, value.get(i), location, ignoreUnknown));
      }
      return out.append(']').toString();
    }
    if (value.isArray()) {
      throw new ValueException(location, "Array specified for non-repeated field: " + location + ".");
    }
    if (field.type().equals("RECORD")) {
      if (!value.isObject()) {
        throw new ValueException(location, "This field: " + location + " is not a record.");
      }
      return record(field, value, location, ignoreUnknown);
    }
    if (value.isObject()) {
      throw new ValueException(location, "This field: " + location + " is not a record.");
    }
    return scalar(field.type(), value, location);
  }

  private static String record(FieldSchema field, JsonNode value, String location, boolean ignoreUnknown) {
    Set<String> known = new HashSet<>();
    StringBuilder out = new StringBuilder("{");
    for (FieldSchema sub : field.fields()) {
      known.add(sub.name().toLowerCase(java.util.Locale.ROOT));
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(Sql.quoteString(sub.name())).append(": ")
          .append(inner(sub, fieldIgnoringCase(value, sub.name()), location + "." + sub.name(), ignoreUnknown));
    }
    if (!ignoreUnknown) {
      for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name.toLowerCase(java.util.Locale.ROOT))) {
          throw new ValueException(location + "." + name, "no such field: " + name + ".");
        }
      }
    }
    return out.append('}').toString();
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

  private static String scalar(String type, JsonNode value, String location) {
    String text = value.asText();
    try {
      return switch (type) {
        case "INTEGER" -> {
          BigInteger n = value.isIntegralNumber() ? value.bigIntegerValue() : new BigInteger(text.trim());
          if (n.compareTo(MIN_INT64) < 0 || n.compareTo(MAX_INT64) > 0) {
            throw new NumberFormatException();
          }
          yield Sql.quoteString(n.toString());
        }
        case "FLOAT" -> {
          if (!value.isNumber() && !text.matches("(?i)[+-]?(nan|inf|infinity)")) {
            Double.parseDouble(text);
          }
          String canonical = text.equalsIgnoreCase("inf") || text.equalsIgnoreCase("+inf") ? "Infinity"
              : text.equalsIgnoreCase("-inf") ? "-Infinity" : text;
          yield Sql.quoteString(canonical);
        }
        case "NUMERIC", "BIGNUMERIC" -> {
          boolean big = type.equals("BIGNUMERIC");
          BigDecimal d = new BigDecimal(text.trim()).setScale(big ? 6 : 9, RoundingMode.HALF_UP);
          int integerDigits = d.precision() - d.scale();
          if (integerDigits > (big ? 32 : 29)) {
            throw new ValueException(location, "Invalid " + type + " value: " + text + " (out of range) in field "
                + location + ".");
          }
          yield Sql.quoteString(d.toPlainString());
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
        case "STRING", "GEOGRAPHY", "INTERVAL" -> Sql.quoteString(text);
        case "BYTES" -> {
          byte[] bytes = text.contains("-") || text.contains("_")
              ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
          yield "from_base64(" + Sql.quoteString(Base64.getEncoder().encodeToString(bytes)) + ")";
        }
        case "DATE" -> Sql.quoteString(LocalDate.parse(text.trim()).toString());
        case "DATETIME" -> Sql.quoteString(MICROS_OUT.format(LocalDateTime.parse(text.trim(), DATETIME_IN)));
        case "TIME" -> Sql.quoteString(LocalTime.parse(text.trim()).truncatedTo(ChronoUnit.MICROS).toString());
        case "TIMESTAMP" -> Sql.quoteString(MICROS_OUT.format(timestamp(value, location).atOffset(ZoneOffset.UTC)) + "+00");
        case "JSON" -> Sql.quoteString(value.isTextual() ? Json.MAPPER.readTree(text).toString() : value.toString());
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
