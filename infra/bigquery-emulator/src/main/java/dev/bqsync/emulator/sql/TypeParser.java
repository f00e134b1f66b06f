package dev.bqsync.emulator.sql;

import dev.bqsync.emulator.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads a GoogleSQL type from tokens ({@code INT64}, {@code ARRAY<STRUCT<a STRING>>}, {@code NUMERIC(10, 2)}). */
final class TypeParser {
  private final List<Token> tokens;
  private int pos;

  private TypeParser(List<Token> tokens, int pos) {
    this.tokens = tokens;
    this.pos = pos;
  }

  /** The type starting at {@code start}, and the index of the first token after it. */
  record Parsed(SqlType type, int next) {}

  static Parsed parse(List<Token> tokens, int start) {
    TypeParser parser = new TypeParser(tokens, start);
    SqlType type = parser.type();
    return new Parsed(type, parser.pos);
  }

  /** The DuckDB type of a GoogleSQL scalar type name, or null when the name is not a scalar type. */
  static String scalar(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "INT64", "INT", "INTEGER", "SMALLINT", "BIGINT", "TINYINT", "BYTEINT" -> "BIGINT";
      case "FLOAT64", "FLOAT" -> "DOUBLE";
      case "BOOL", "BOOLEAN" -> "BOOLEAN";
      case "STRING" -> "VARCHAR";
      case "BYTES" -> "BLOB";
      case "NUMERIC", "DECIMAL" -> "DECIMAL(38,9)";
      case "BIGNUMERIC", "BIGDECIMAL" -> "DECIMAL(38,6)";
      case "DATE" -> "DATE";
      case "DATETIME" -> "TIMESTAMP";
      case "TIME" -> "TIME";
      case "TIMESTAMP" -> "TIMESTAMPTZ";
      case "JSON" -> "JSON";
      case "GEOGRAPHY" -> "VARCHAR";
      case "INTERVAL" -> "INTERVAL";
      default -> null;
    };
  }

  private SqlType type() {
    Token name = tokens.get(pos);
    if (name.kind() != Token.Kind.WORD) {
      throw ApiException.invalidQuery("Syntax error: Expected a type but got \"" + name.text() + "\"");
    }
    pos++;
    String upper = name.upper();
    if (upper.equals("ARRAY")) {
      expect("<");
      SqlType element = type();
      expect(">");
      if (element.isArray()) {
        throw ApiException.invalidQuery("Arrays of arrays are not supported");
      }
      return new SqlType(element.duck() + "[]", List.of(), element);
    }
    if (upper.equals("STRUCT")) {
      expect("<");
      List<String> names = new ArrayList<>();
      List<String> parts = new ArrayList<>();
      int index = 1;
      while (true) {
        String fieldName;
        Token first = tokens.get(pos);
        Token second = tokens.get(pos + 1);
        boolean named = first.isName() && !(second.isSymbol(",") || second.isSymbol(">") || second.isSymbol("<")
            || second.isSymbol("("));
        if (named) {
          fieldName = first.text();
          pos++;
        } else {
          fieldName = "_field_" + index;
        }
        SqlType fieldType = type();
        names.add(fieldName);
        parts.add("\"" + fieldName.replace("\"", "\"\"") + "\" " + fieldType.duck());
        index++;
        if (tokens.get(pos).isSymbol(",")) {
          pos++;
          continue;
        }
        expect(">");
        return new SqlType("STRUCT(" + String.join(", ", parts) + ")", names, null);
      }
    }
    String duck = scalar(upper);
    if (duck == null) {
      throw ApiException.invalidQuery("Type not found: " + name.text());
    }
    if (tokens.get(pos).isSymbol("(")) {
      // Parameterised types: STRING(10), BYTES(5), NUMERIC(P[, S]). Lengths are not enforced.
      List<String> numbers = new ArrayList<>();
      pos++;
      while (!tokens.get(pos).isSymbol(")")) {
        if (tokens.get(pos).kind() == Token.Kind.NUMBER) {
          numbers.add(tokens.get(pos).text());
        }
        pos++;
      }
      pos++;
      if ((upper.equals("NUMERIC") || upper.equals("DECIMAL")) && !numbers.isEmpty()) {
        duck = "DECIMAL(" + numbers.get(0) + "," + (numbers.size() > 1 ? numbers.get(1) : "0") + ")";
      }
    }
    return new SqlType(duck, List.of(), null);
  }

  private void expect(String symbol) {
    Token token = tokens.get(pos);
    if (!token.isSymbol(symbol)) {
      throw ApiException.invalidQuery("Syntax error: Expected \"" + symbol + "\" but got \"" + token.text() + "\"");
    }
    pos++;
  }
}
