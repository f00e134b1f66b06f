package dev.bqsync.emulator.sql;

import dev.bqsync.emulator.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** GoogleSQL functions that DuckDB spells or orders differently; arguments arrive translated. */
final class FunctionRewrites {
  private FunctionRewrites() {}

  private static final Map<String, Function<List<String>, String>> REWRITES = Map.ofEntries(
      Map.entry("CURRENT_TIMESTAMP", a -> "get_current_timestamp()"),
      Map.entry("CURRENT_DATETIME", a -> a.isEmpty() ? "timezone('UTC', get_current_timestamp())"
          : "timezone(" + a.get(0) + ", get_current_timestamp())"),
      Map.entry("CURRENT_DATE", a -> a.isEmpty() ? "CAST(timezone('UTC', get_current_timestamp()) AS DATE)"
          : "CAST(timezone(" + a.get(0) + ", get_current_timestamp()) AS DATE)"),
      Map.entry("GENERATE_UUID", a -> "CAST(gen_random_uuid() AS VARCHAR)"),
      Map.entry("TIMESTAMP_TRUNC", a -> a.size() > 2
          ? "timezone(" + a.get(2) + ", date_trunc(" + part(a.get(1)) + ", timezone(" + a.get(2) + ", " + a.get(0) + ")))"
          : "date_trunc(" + part(a.get(1)) + ", " + a.get(0) + ")"),
      Map.entry("DATETIME_TRUNC", a -> "date_trunc(" + part(a.get(1)) + ", " + a.get(0) + ")"),
      Map.entry("DATE_TRUNC", a -> "CAST(date_trunc(" + part(a.get(1)) + ", " + a.get(0) + ") AS DATE)"),
      Map.entry("DATE_DIFF", a -> "date_diff(" + part(a.get(2)) + ", " + a.get(1) + ", " + a.get(0) + ")"),
      Map.entry("DATETIME_DIFF", a -> "date_sub(" + part(a.get(2)) + ", " + a.get(1) + ", " + a.get(0) + ")"),
      Map.entry("TIMESTAMP_DIFF", a -> "date_sub(" + part(a.get(2)) + ", " + a.get(1) + ", " + a.get(0) + ")"),
      Map.entry("DATE_ADD", a -> "CAST((" + a.get(0) + " + " + a.get(1) + ") AS DATE)"),
      Map.entry("DATE_SUB", a -> "CAST((" + a.get(0) + " - " + a.get(1) + ") AS DATE)"),
      Map.entry("DATETIME_ADD", a -> "(" + a.get(0) + " + " + a.get(1) + ")"),
      Map.entry("DATETIME_SUB", a -> "(" + a.get(0) + " - " + a.get(1) + ")"),
      Map.entry("TIMESTAMP_ADD", a -> "(" + a.get(0) + " + " + a.get(1) + ")"),
      Map.entry("TIMESTAMP_SUB", a -> "(" + a.get(0) + " - " + a.get(1) + ")"),
      Map.entry("FORMAT_TIMESTAMP", a -> formatted(a.size() > 2 ? "timezone(" + a.get(2) + ", " + a.get(1) + ")"
          : "timezone('UTC', " + a.get(1) + ")", a.get(0), "_bqemu_offset_seconds(" + a.get(1) + ", "
          + (a.size() > 2 ? a.get(2) : "'UTC'") + ")")),
      Map.entry("FORMAT_DATETIME", a -> formatted(a.get(1), a.get(0), null)),
      Map.entry("FORMAT_DATE", a -> "strftime(" + a.get(1) + ", " + format(a.get(0)) + ")"),
      Map.entry("PARSE_TIMESTAMP", a -> a.size() > 2
          ? "timezone(" + a.get(2) + ", strptime(" + a.get(1) + ", " + format(a.get(0)) + "))"
          : "CAST(strptime(" + a.get(1) + ", " + format(a.get(0)) + ") AS TIMESTAMPTZ)"),
      Map.entry("PARSE_DATETIME", a -> "strptime(" + a.get(1) + ", " + format(a.get(0)) + ")"),
      Map.entry("PARSE_DATE", a -> "CAST(strptime(" + a.get(1) + ", " + format(a.get(0)) + ") AS DATE)"),
      Map.entry("TIMESTAMP", a -> a.size() > 1 ? "timezone(" + a.get(1) + ", CAST(" + a.get(0) + " AS TIMESTAMP))"
          : "CAST(" + a.get(0) + " AS TIMESTAMPTZ)"),
      Map.entry("DATETIME", a -> switch (a.size()) {
        case 1 -> "CAST(" + a.get(0) + " AS TIMESTAMP)";
        case 2 -> "(CAST(" + a.get(0) + " AS DATE) + " + a.get(1) + ")";
        default -> "make_timestamp(" + String.join(", ", a) + ")";
      }),
      Map.entry("DATE", a -> switch (a.size()) {
        case 1 -> "CAST(" + a.get(0) + " AS DATE)";
        case 2 -> "CAST(timezone(" + a.get(1) + ", " + a.get(0) + ") AS DATE)";
        default -> "make_date(" + String.join(", ", a) + ")";
      }),
      Map.entry("UNIX_SECONDS", a -> "CAST(floor(epoch(" + a.get(0) + ")) AS BIGINT)"),
      Map.entry("UNIX_MILLIS", a -> "epoch_ms(" + a.get(0) + ")"),
      Map.entry("UNIX_MICROS", a -> "epoch_us(" + a.get(0) + ")"),
      Map.entry("UNIX_DATE", a -> "date_diff('day', DATE '1970-01-01', " + a.get(0) + ")"),
      Map.entry("TIMESTAMP_SECONDS", a -> "to_timestamp(" + a.get(0) + ")"),
      Map.entry("TIMESTAMP_MILLIS", a -> "CAST(epoch_ms(CAST(" + a.get(0) + " AS BIGINT)) AS TIMESTAMPTZ)"),
      Map.entry("TIMESTAMP_MICROS", a -> "CAST(make_timestamp(CAST(" + a.get(0) + " AS BIGINT)) AS TIMESTAMPTZ)"),
      Map.entry("SAFE_DIVIDE", a -> "_bqemu_safe_divide(" + a.get(0) + ", " + a.get(1) + ")"),
      Map.entry("IEEE_DIVIDE", a -> "(CAST(" + a.get(0) + " AS DOUBLE) / (" + a.get(1) + "))"),
      Map.entry("DIV", a -> "((" + a.get(0) + ") // (" + a.get(1) + "))"),
      Map.entry("COUNTIF", a -> "count_if(" + a.get(0) + ")"),
      Map.entry("LOGICAL_AND", a -> "bool_and(" + a.get(0) + ")"),
      Map.entry("LOGICAL_OR", a -> "bool_or(" + a.get(0) + ")"),
      Map.entry("REGEXP_CONTAINS", a -> "regexp_matches(" + a.get(0) + ", " + a.get(1) + ")"),
      Map.entry("REGEXP_REPLACE", a -> "regexp_replace(" + a.get(0) + ", " + a.get(1) + ", " + a.get(2) + ", 'g')"),
      Map.entry("REGEXP_EXTRACT", a -> "regexp_extract(" + a.get(0) + ", " + a.get(1) + ", "
          + (a.get(1).contains("(") && !a.get(1).contains("(?") ? "1" : "0") + ")"),
      Map.entry("ARRAY_LENGTH", a -> "len(" + a.get(0) + ")"),
      Map.entry("ARRAY_CONCAT", a -> "list_concat(" + String.join(", ", a) + ")"),
      Map.entry("ARRAY_REVERSE", a -> "list_reverse(" + a.get(0) + ")"),
      Map.entry("GENERATE_ARRAY", a -> "generate_series(" + String.join(", ", a) + ")"),
      Map.entry("SPLIT", a -> "string_split(" + a.get(0) + ", " + (a.size() > 1 ? a.get(1) : "','") + ")"),
      Map.entry("CONCAT", a -> "(" + String.join(" || ", a) + ")"),
      Map.entry("TO_JSON_STRING", a -> "CAST(to_json(" + a.get(0) + ") AS VARCHAR)"),
      Map.entry("TO_JSON", a -> "to_json(" + a.get(0) + ")"),
      Map.entry("PARSE_JSON", a -> "CAST(" + a.get(0) + " AS JSON)"),
      Map.entry("JSON_VALUE", a -> "json_extract_string(" + a.get(0) + ", " + (a.size() > 1 ? a.get(1) : "'$'") + ")"),
      Map.entry("JSON_EXTRACT_SCALAR", a -> "json_extract_string(" + a.get(0) + ", " + (a.size() > 1 ? a.get(1) : "'$'") + ")"),
      Map.entry("JSON_QUERY", a -> "json_extract(" + a.get(0) + ", " + a.get(1) + ")"),
      Map.entry("JSON_EXTRACT", a -> "json_extract(" + a.get(0) + ", " + a.get(1) + ")"),
      Map.entry("BYTE_LENGTH", a -> "octet_length(CAST(" + a.get(0) + " AS BLOB))"),
      Map.entry("TO_HEX", a -> "lower(hex(" + a.get(0) + "))"),
      Map.entry("FROM_HEX", a -> "unhex(" + a.get(0) + ")"),
      Map.entry("FARM_FINGERPRINT", a -> "CAST(hash(" + a.get(0) + ") % 9223372036854775807 AS BIGINT)"),
      Map.entry("FORMAT", a -> "printf(" + String.join(", ", a) + ")"));

  static boolean has(String name) {
    return REWRITES.containsKey(name.toUpperCase(Locale.ROOT));
  }

  static String apply(String name, List<String> args) {
    try {
      return REWRITES.get(name.toUpperCase(Locale.ROOT)).apply(args);
    } catch (IndexOutOfBoundsException e) {
      throw ApiException.invalidQuery("No matching signature for function " + name.toUpperCase(Locale.ROOT)
          + " for " + args.size() + " argument(s)");
    }
  }

  /** A date part (DAY, WEEK(MONDAY), ISOWEEK...) as the DuckDB string it expects. */
  private static String part(String arg) {
    String p = arg.trim().toLowerCase(Locale.ROOT);
    if (p.startsWith("week")) {
      return "'week'";
    }
    return switch (p) {
      case "isoweek" -> "'week'";
      case "isoyear" -> "'isoyear'";
      case "dayofweek" -> "'dow'";
      case "dayofyear" -> "'doy'";
      default -> "'" + p.replace("'", "") + "'";
    };
  }

  /**
   * strftime of {@code value} with a BigQuery format: a literal format is split so that the
   * elements DuckDB lacks become expressions (%c, %e space-padded day, %Ez/%z the zone's offset from
   * {@code offsetSeconds}); any other format goes to strftime with the simple replacements.
   */
  private static String formatted(String value, String format, String offsetSeconds) {
    if (!(format.startsWith("'") && format.endsWith("'") && format.length() >= 2)) {
      return "strftime(" + value + ", " + format(format) + ")";
    }
    String text = format.substring(1, format.length() - 1).replace("%c", "%a %b %e %H:%M:%S %Y");
    List<String> parts = new java.util.ArrayList<>();
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      String special = text.startsWith("%Ez", i) ? "%Ez" : text.startsWith("%z", i) ? "%z"
          : text.startsWith("%e", i) ? "%e" : text.startsWith("%%", i) ? "%%" : null;
      if (special == null || special.equals("%%")) {
        plain.append(special == null ? text.charAt(i) : "%%");
        i += special == null ? 0 : 1;
        continue;
      }
      if (plain.length() > 0) {
        parts.add("strftime(" + value + ", " + format("'" + plain + "'") + ")");
        plain.setLength(0);
      }
      parts.add(switch (special) {
        case "%e" -> "lpad(strftime(" + value + ", '%-d'), 2, ' ')";
        default -> offsetSeconds == null ? "''"
            : "_bqemu_utc_offset(" + offsetSeconds + ", " + (special.equals("%Ez") ? "':'" : "''") + ")";
      });
      i += special.length() - 1;
    }
    if (plain.length() > 0 || parts.isEmpty()) {
      parts.add("strftime(" + value + ", " + format("'" + plain + "'") + ")");
    }
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(" || ", parts) + ")";
  }

  /** BigQuery format elements DuckDB's strftime lacks, spelled out. */
  private static String format(String literal) {
    return literal.replace("%F", "%Y-%m-%d").replace("%T", "%H:%M:%S").replace("%E6S", "%S.%f")
        .replace("%E*S", "%S.%f").replace("%E3S", "%S.%g").replace("%Ez", "%z").replace("%R", "%H:%M")
        .replace("%D", "%m/%d/%y");
  }
}
