package dev.bqsync.emulator;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DuckDB's errors in BigQuery's words and reasons, so callers see what BigQuery would say. */
final class DuckErrors {
  private static final Pattern MISSING_TABLE = Pattern.compile("Table with name ([^ ]+) does not exist");
  private static final Pattern MISSING_COLUMN = Pattern.compile("(?:Referenced column|column with name) \"?([^\" ]+)\"? not found");
  private static final Pattern SYNTAX = Pattern.compile("syntax error at or near \"([^\"]*)\"");
  /** No overload of one of BigQueryFunctions for these argument types. */
  private static final Pattern NO_OVERLOAD = Pattern.compile("argument types '(_bqemu_[a-z0-9_]+)\\((.*)\\)'");

  private DuckErrors() {}

  static ApiException map(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
    Matcher m = MISSING_TABLE.matcher(message);
    if (m.find()) {
      return ApiException.notFound("Table " + m.group(1) + " was not found in location US");
    }
    m = MISSING_COLUMN.matcher(message);
    if (m.find()) {
      return ApiException.invalidQuery("Unrecognized name: " + m.group(1));
    }
    m = NO_OVERLOAD.matcher(message);
    if (m.find()) {
      List<String> types = new ArrayList<>();
      for (String duck : m.group(2).split(",(?![^(]*\\))")) {
        types.add(TypeCheck.BigQueryType.ofDuck(duck).toString());
      }
      return switch (m.group(1)) {
        case "_bqemu_divide" -> ApiException.invalidQuery("No matching signature for operator / for argument types: "
            + String.join(", ", types) + ". Supported signatures: INT64 / INT64; NUMERIC / NUMERIC; FLOAT64 / FLOAT64");
        case "_bqemu_int64", "_bqemu_safe_int64" -> ApiException.invalidQuery("Invalid cast from " + types.get(0)
            + " to INT64");
        default -> ApiException.invalidQuery("No matching signature for function " + m.group(1).replace("_bqemu_", "")
            .toUpperCase(java.util.Locale.ROOT) + " for argument types: " + String.join(", ", types));
      };
    }
    m = SYNTAX.matcher(message);
    if (m.find()) {
      return ApiException.invalidQuery("Syntax error: Unexpected \"" + m.group(1) + "\"");
    }
    if (message.contains("Constraint Error")) {
      return ApiException.invalid(message.replace("Constraint Error: ", ""));
    }
    if (message.contains("Conversion Error") || message.contains("Out of Range Error")
        || message.contains("Invalid Input Error")) {
      // BigQueryFunctions' errors arrive as "Invalid Input Error: <exception class>: <message>"
      return ApiException.invalidQuery(message.replaceFirst("^[A-Za-z ]+Error: ", "")
          .replaceFirst("^[\\w.$]+Refused: ", ""));
    }
    if (message.contains("does not exist") && message.contains("Scalar Function")) {
      return ApiException.invalidQuery("Function not found: " + message.replaceFirst(".*name ([^ ]+) does not exist.*", "$1"));
    }
    return ApiException.invalidQuery(message.replaceFirst("^[A-Za-z ]+Error: ", ""));
  }
}
