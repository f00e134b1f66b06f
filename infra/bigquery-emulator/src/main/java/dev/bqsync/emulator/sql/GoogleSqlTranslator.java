package dev.bqsync.emulator.sql;

import dev.bqsync.emulator.ApiException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Translates one GoogleSQL statement into DuckDB SQL by rewriting its tokens: backtick paths
 * become quoted catalog.schema.table names, parameters become typed literals, and the
 * constructs DuckDB spells differently are rewritten. What it cannot translate faithfully is
 * refused with invalidQuery naming the construct; docs/bigquery-emulator.md lists both.
 */
public final class GoogleSqlTranslator {
  private static final Set<String> TYPED_LITERALS =
      Set.of("DATE", "DATETIME", "TIME", "TIMESTAMP", "NUMERIC", "BIGNUMERIC", "DECIMAL", "BIGDECIMAL", "JSON");
  private static final Set<String> TABLE_POSITION = Set.of("FROM", "JOIN", "INTO", "UPDATE", "USING", "MERGE", "TABLE");
  private static final Set<String> UNSUPPORTED_STATEMENTS = Set.of("DECLARE", "SET", "BEGIN", "IF", "LOOP", "WHILE",
      "REPEAT", "FOR", "CALL", "EXECUTE", "EXPORT", "LOAD", "ASSERT", "RAISE", "RETURN", "GRANT", "REVOKE", "COMMIT",
      "ROLLBACK", "EXPLAIN", "UNDROP");

  /**
   * Words DuckDB reserves but GoogleSQL does not: in GoogleSQL they are ordinary names (a column
   * called "check" or "offset"), so they are quoted unless they stand where GoogleSQL syntax uses them.
   */
  private static final Set<String> DUCK_ONLY_RESERVED = Set.of("analyse", "analyze", "asymmetric", "both", "check",
      "column", "constraint", "deferrable", "describe", "do", "foreign", "initially", "lambda", "leading", "offset",
      "only", "pivot_longer", "pivot_wider", "placing", "primary", "references", "returning", "show", "summarize",
      "symmetric", "table", "trailing", "unique", "variadic");

  private final String sql;
  private final List<Token> t;
  private final int[] match;
  private final Parameters params;
  private final DdlOptions ddlOptions;
  private String project;
  private int positional;
  private final Set<List<String>> tables = new LinkedHashSet<>();
  private final Set<String> identifiers = new LinkedHashSet<>();
  private boolean star;

  private GoogleSqlTranslator(String sql, List<Token> tokens, Parameters params) {
    this.sql = sql;
    this.t = tokens;
    this.params = params;
    this.match = matchBrackets(tokens);
    this.ddlOptions = new DdlOptions(tokens);
  }

  public static Translation translate(String sql, Parameters params) {
    return translateIn(sql, params, null);
  }

  /** The statement with its operand-type probes (see {@link TypeProbe}). */
  public static List<TypeProbe> typeProbes(String sql, Parameters params) {
    List<Token> tokens = statementTokens(sql);
    return TypeProbes.of(sql, tokens, params);
  }

  static Translation translateTokens(String sql, List<Token> tokens, Parameters params) {
    return new GoogleSqlTranslator(sql, DivisionRewrite.apply(tokens), params).statement();
  }

  private static List<Token> statementTokens(String sql) {
    List<Token> tokens = new ArrayList<>(Lexer.tokenize(sql));
    int end = tokens.size() - 1;
    while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
      tokens.remove(end - 1);
      end--;
    }
    return tokens;
  }

  /** As {@link #translate(String, Parameters)}, in {@code project} (for INFORMATION_SCHEMA paths without one). */
  public static Translation translate(String sql, Parameters params, String project) {
    return translateIn(sql, params, project);
  }

  private static Translation translateIn(String sql, Parameters params, String project) {
    List<Token> tokens = new ArrayList<>(Lexer.tokenize(sql));
    // A trailing semicolon is fine; a second statement makes a script.
    int end = tokens.size() - 1;
    while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
      tokens.remove(end - 1);
      end--;
    }
    for (Token token : tokens) {
      if (token.isSymbol(";")) {
        throw ApiException.unsupported("multi-statement scripts");
      }
    }
    if (tokens.get(0).kind() == Token.Kind.END) {
      throw ApiException.invalidQuery("Syntax error: Unexpected end of script");
    }
    tokens = DivisionRewrite.apply(tokens);
    GoogleSqlTranslator translator = new GoogleSqlTranslator(sql, tokens, params);
    translator.project = project;
    return translator.statement();
  }

  private Translation statement() {
    Token first = t.get(0);
    String keyword = first.upper();
    int end = t.size() - 1;
    if (first.isSymbol("(") || keyword.equals("SELECT") || keyword.equals("WITH")) {
      if (keyword.equals("WITH") && t.get(1).isWord("RECURSIVE")) {
        throw ApiException.unsupported("WITH RECURSIVE");
      }
      return result(range(0, end), "SELECT", null, null);
    }
    switch (keyword) {
      case "INSERT" -> {
        int at = t.get(1).isWord("INTO") ? 2 : 1;
        List<String> target = path(at);
        return result("INSERT INTO" + range(at, end), "INSERT", target, null);
      }
      case "UPDATE" -> {
        requireTopLevelWord("WHERE", "UPDATE must have a WHERE clause");
        return result(range(0, end), "UPDATE", path(1), null);
      }
      case "DELETE" -> {
        int at = t.get(1).isWord("FROM") ? 2 : 1;
        requireTopLevelWord("WHERE", "DELETE must have a WHERE clause");
        List<String> target = path(at);
        return result("DELETE FROM" + range(at, end), "DELETE", target, null);
      }
      case "MERGE" -> {
        int at = t.get(1).isWord("INTO") ? 2 : 1;
        List<String> target = path(at);
        return result("MERGE INTO" + range(at, end), "MERGE", target, null);
      }
      case "TRUNCATE" -> {
        expectWord(1, "TABLE");
        return result("TRUNCATE TABLE" + range(2, end), "TRUNCATE_TABLE", path(2), null);
      }
      case "CREATE" -> {
        return create(end);
      }
      case "DROP" -> {
        return drop(end);
      }
      case "ALTER" -> {
        return alter(end);
      }
      default -> {
        if (UNSUPPORTED_STATEMENTS.contains(keyword)) {
          throw ApiException.unsupported(keyword + " statements (scripting, procedures and administration)");
        }
        throw ApiException.invalidQuery("Syntax error: Unexpected keyword " + keyword + " at [1:1]");
      }
    }
  }

  private Translation create(int end) {
    int i = 1;
    boolean orReplace = false;
    if (t.get(i).isWord("OR")) {
      expectWord(i + 1, "REPLACE");
      orReplace = true;
      i += 2;
    }
    String what = t.get(i).upper();
    if (Set.of("TEMP", "TEMPORARY", "MATERIALIZED", "SNAPSHOT", "EXTERNAL", "FUNCTION", "PROCEDURE", "AGGREGATE",
        "ROW", "SEARCH", "VECTOR", "MODEL", "CAPACITY", "RESERVATION", "ASSIGNMENT").contains(what)) {
      throw ApiException.unsupported("CREATE " + what);
    }
    i++;
    boolean ifNotExists = false;
    if (t.get(i).isWord("IF")) {
      expectWord(i + 1, "NOT");
      expectWord(i + 2, "EXISTS");
      ifNotExists = true;
      i += 3;
    }
    String head = "CREATE " + (orReplace ? "OR REPLACE " : "");
    String existence = ifNotExists ? "IF NOT EXISTS " : "";
    List<String> target = path(i);
    int afterPath = afterPath(i);
    String name = range(i, afterPath);
    switch (what) {
      case "SCHEMA" -> {
        return result(head + "SCHEMA " + existence + name.trim(), "CREATE_SCHEMA", target, null);
      }
      case "VIEW" -> {
        int as = afterPath;
        if (t.get(as).isWord("OPTIONS")) {
          as = match[as + 1] + 1;
        }
        if (t.get(as).isSymbol("(")) {
          throw ApiException.unsupported("CREATE VIEW with a column name list");
        }
        expectWord(as, "AS");
        String query = range(as + 1, end);
        String original = originalText(as + 1);
        tables.add(target);
        return new Translation(head + "VIEW " + existence + name.trim() + " AS" + query, "CREATE_VIEW", target,
            tables, identifiers, star, original, ddlOptions.extras());
      }
      case "TABLE" -> {
        StringBuilder out = new StringBuilder(head + "TABLE " + existence + name.trim());
        int j = afterPath;
        int columnsOpen = t.get(j).isSymbol("(") ? j : -1;
        if (t.get(j).isWord("LIKE") || t.get(j).isWord("COPY") || t.get(j).isWord("CLONE")) {
          throw ApiException.unsupported("CREATE TABLE " + t.get(j).upper());
        }
        if (t.get(j).isSymbol("(")) {
          out.append(" (").append(columnDefinitions(j + 1, match[j])).append(")");
          j = match[j] + 1;
        }
        // Partitioning, clustering and options do not change results; they are kept for tables.get.
        while (j < end) {
          if (t.get(j).isWord("PARTITION") || t.get(j).isWord("CLUSTER")) {
            boolean partition = t.get(j).isWord("PARTITION");
            j += 2;
            int from = j;
            while (j < end && !t.get(j).isWord("OPTIONS") && !t.get(j).isWord("AS") && !t.get(j).isWord("CLUSTER")) {
              j = t.get(j).isSymbol("(") ? match[j] + 1 : j + 1;
            }
            if (partition) {
              ddlOptions.partition(from, j);
            } else {
              ddlOptions.cluster(from, j);
            }
          } else if (t.get(j).isWord("OPTIONS")) {
            ddlOptions.tableOptions(j + 1, match[j + 1]);
            j = match[j + 1] + 1;
          } else if (t.get(j).isWord("DEFAULT") && t.get(j + 1).isWord("COLLATE")) {
            throw ApiException.unsupported("DEFAULT COLLATE");
          } else if (t.get(j).isWord("AS")) {
            if (columnsOpen >= 0) {
              // CREATE TABLE t (a INT64, b STRING) AS SELECT ...: the query's columns, by position, in these types
              String ctas = head + "TABLE " + existence + name.trim() + " AS SELECT " + typedColumns(columnsOpen)
                  + " FROM (" + range(j + 1, end).trim() + ") AS _bqemu_ctas(" + columnNames(columnsOpen) + ")";
              return result(ctas, "CREATE_TABLE_AS_SELECT", target, null);
            }
            out.append(" AS").append(range(j + 1, end));
            return result(out.toString(), "CREATE_TABLE_AS_SELECT", target, null);
          } else {
            throw ApiException.invalidQuery("Syntax error: Unexpected \"" + t.get(j).text() + "\"");
          }
        }
        tables.add(target);
        return result(out.toString(), "CREATE_TABLE", target, null);
      }
      default -> throw ApiException.invalidQuery("Syntax error: Unexpected CREATE " + what);
    }
  }

  private String columnNames(int open) {
    List<String> names = new ArrayList<>();
    for (int[] column : splitTopLevel(open + 1, match[open])) {
      names.add(range(column[0], column[0] + 1).trim());
    }
    return String.join(", ", names);
  }

  private String typedColumns(int open) {
    List<String> columns = new ArrayList<>();
    for (int[] column : splitTopLevel(open + 1, match[open])) {
      String name = range(column[0], column[0] + 1).trim();
      columns.add("CAST(" + name + " AS " + TypeParser.parse(t, column[0] + 1).type().duck() + ") AS " + name);
    }
    return String.join(", ", columns);
  }

  private String columnDefinitions(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int[] column : splitTopLevel(from, to)) {
      int i = column[0];
      String name = range(i, i + 1).trim();
      TypeParser.Parsed type = TypeParser.parse(t, i + 1);
      StringBuilder definition = new StringBuilder(name + " " + type.type().duck());
      int j = type.next();
      while (j < column[1]) {
        if (t.get(j).isWord("OPTIONS")) {
          ddlOptions.columnOptions(t.get(i).text(), j + 1, match[j + 1]);
          j = match[j + 1] + 1;
        } else if (t.get(j).isWord("COLLATE")) {
          throw ApiException.unsupported("COLLATE");
        } else if (t.get(j).isWord("NOT") && t.get(j + 1).isWord("NULL")) {
          definition.append(" NOT NULL");
          j += 2;
        } else if (t.get(j).isWord("DEFAULT")) {
          int endDefault = j + 1;
          while (endDefault < column[1] && !t.get(endDefault).isWord("OPTIONS") && !t.get(endDefault).isWord("NOT")) {
            endDefault = t.get(endDefault).isSymbol("(") ? match[endDefault] + 1 : endDefault + 1;
          }
          definition.append(" DEFAULT").append(range(j + 1, endDefault));
          j = endDefault;
        } else if (t.get(j).isWord("PRIMARY") || t.get(j).isWord("REFERENCES")) {
          throw ApiException.unsupported("table constraints");
        } else {
          throw ApiException.invalidQuery("Syntax error: Unexpected \"" + t.get(j).text() + "\" in column definition");
        }
      }
      out.add(definition.toString());
    }
    return String.join(", ", out);
  }

  private Translation drop(int end) {
    String what = t.get(1).upper();
    if (!Set.of("TABLE", "VIEW", "SCHEMA").contains(what)) {
      throw ApiException.unsupported("DROP " + what);
    }
    int i = 2;
    String ifExists = "";
    if (t.get(i).isWord("IF")) {
      expectWord(i + 1, "EXISTS");
      ifExists = "IF EXISTS ";
      i += 2;
    }
    List<String> target = path(i);
    String name = range(i, afterPath(i)).trim();
    boolean cascade = t.get(afterPath(i)).isWord("CASCADE");
    return result("DROP " + what + " " + ifExists + name + (cascade ? " CASCADE" : ""), "DROP_" + what, target, null);
  }

  private Translation alter(int end) {
    if (!t.get(1).isWord("TABLE")) {
      throw ApiException.unsupported("ALTER " + t.get(1).upper());
    }
    int i = t.get(2).isWord("IF") ? 4 : 2;
    List<String> target = path(i);
    int j = afterPath(i);
    String name = range(i, j).trim();
    if (t.get(j).isWord("ADD") && t.get(j + 1).isWord("COLUMN")) {
      int k = j + 2;
      String ifNotExists = "";
      if (t.get(k).isWord("IF")) {
        ifNotExists = "IF NOT EXISTS ";
        k += 3;
      }
      if (t.get(afterColumnDefinition(k)).isSymbol(",")) {
        throw ApiException.unsupported("ALTER TABLE with several ADD COLUMN clauses");
      }
      return result("ALTER TABLE " + name + " ADD COLUMN " + ifNotExists + columnDefinitions(k, end), "ALTER_TABLE",
          target, null);
    }
    if (t.get(j).isWord("DROP") || t.get(j).isWord("RENAME")) {
      return result("ALTER TABLE " + name + range(j, end), "ALTER_TABLE", target, null);
    }
    throw ApiException.unsupported("ALTER TABLE " + t.get(j).upper());
  }

  private int afterColumnDefinition(int from) {
    int depth = 0;
    int i = from;
    while (t.get(i).kind() != Token.Kind.END) {
      if (t.get(i).isSymbol("(") || t.get(i).isSymbol("<")) {
        depth++;
      } else if (t.get(i).isSymbol(")") || t.get(i).isSymbol(">")) {
        depth--;
      } else if (depth == 0 && t.get(i).isSymbol(",")) {
        return i;
      }
      i++;
    }
    return i;
  }

  // ---- expressions ----

  /** Translates tokens [from, to). */
  private String range(int from, int to) {
    StringBuilder out = new StringBuilder();
    int i = from;
    while (i < to) {
      i = emit(i, out);
    }
    return out.toString();
  }

  private int emit(int i, StringBuilder out) {
    Token tok = t.get(i);
    String sp = tok.spaceBefore() ? " " : "";
    switch (tok.kind()) {
      case QUOTED_ID -> {
        identifiers.addAll(Arrays.stream(tok.text().split("\\.")).map(s -> s.toLowerCase(Locale.ROOT)).toList());
        if (tok.text().contains("*")) {
          throw ApiException.unsupported("wildcard tables (" + tok.text() + ")");
        }
        out.append(sp).append(quotedPath(tok.text()));
        return i + 1;
      }
      case STRING -> {
        out.append(sp).append("'").append(tok.text().replace("'", "''")).append("'");
        return i + 1;
      }
      case BYTES -> {
        out.append(sp).append("from_hex('").append(tok.text()).append("')");
        return i + 1;
      }
      case NUMBER -> {
        String n = tok.text();
        // GoogleSQL reads 1.5 and 1e3 as FLOAT64; DuckDB would make them DECIMAL.
        boolean floating = n.contains(".") || n.contains("e") || n.contains("E");
        out.append(sp).append(floating ? "CAST(" + n + " AS DOUBLE)" : n);
        return i + 1;
      }
      case NAMED_PARAM -> {
        out.append(sp).append(params.named(tok.text()).sql());
        return i + 1;
      }
      case POSITIONAL_PARAM -> {
        out.append(sp).append(params.positional(positional++).sql());
        return i + 1;
      }
      case SYMBOL -> {
        return symbol(i, out, sp);
      }
      case WORD -> {
        return word(i, out, sp);
      }
      default -> {
        return i + 1;
      }
    }
  }

  private int symbol(int i, StringBuilder out, String sp) {
    Token tok = t.get(i);
    if (tok.isSymbol("[") && t.get(i + 1).kind() == Token.Kind.WORD && t.get(i + 2).isSymbol("(")) {
      String accessor = t.get(i + 1).upper();
      boolean zeroBased = accessor.equals("OFFSET") || accessor.equals("SAFE_OFFSET");
      boolean oneBased = accessor.equals("ORDINAL") || accessor.equals("SAFE_ORDINAL");
      if (zeroBased || oneBased) {
        String index = range(i + 3, match[i + 2]);
        out.append(sp).append("[(").append(index).append(")").append(zeroBased ? " + 1" : "").append("]");
        return match[i] + 1;
      }
    }
    if (tok.isSymbol("*")) {
      Token before = i > 0 ? t.get(i - 1) : null;
      boolean selectStar = before != null && (before.isWord("SELECT") || before.isWord("DISTINCT")
          || before.isSymbol(",") || before.isSymbol("."));
      if (selectStar) {
        star = true;
        if (t.get(i + 1).isWord("EXCEPT") && t.get(i + 2).isSymbol("(")) {
          out.append(sp).append("* EXCLUDE");
          return i + 2;
        }
      }
    }
    out.append(sp).append(tok.text());
    return i + 1;
  }

  private int word(int i, StringBuilder out, String sp) {
    Token tok = t.get(i);
    String up = tok.upper();
    Token next = t.get(i + 1);
    if (TYPED_LITERALS.contains(up) && next.kind() == Token.Kind.STRING) {
      out.append(sp).append("CAST('").append(next.text().replace("'", "''")).append("' AS ")
          .append(TypeParser.scalar(up)).append(")");
      return i + 2;
    }
    if (up.equals("SAFE") && next.isSymbol(".") && t.get(i + 2).kind() == Token.Kind.WORD && t.get(i + 3).isSymbol("(")) {
      StringBuilder call = new StringBuilder();
      int after = word(i + 2, call, "");
      out.append(sp).append("TRY(").append(call).append(")");
      return after;
    }
    if (Set.of("PIVOT", "UNPIVOT", "TABLESAMPLE").contains(up) && (next.isSymbol("(") || up.equals("TABLESAMPLE"))) {
      throw ApiException.unsupported(up);
    }
    if (up.equals("SYSTEM_TIME")) {
      throw ApiException.unsupported("FOR SYSTEM_TIME AS OF (time travel)");
    }
    if (up.equals("INFORMATION_SCHEMA")) {
      throw ApiException.unsupported("INFORMATION_SCHEMA outside FROM or JOIN");
    }
    if (up.equals("_TABLE_SUFFIX") || up.equals("_PARTITIONTIME") || up.equals("_PARTITIONDATE")) {
      throw ApiException.unsupported("pseudo-column " + up);
    }
    if (up.equals("WITH") && next.isWord("OFFSET")) {
      throw ApiException.unsupported("WITH OFFSET outside UNNEST(...) [AS] alias WITH OFFSET");
    }
    if ((up.equals("APPENDS") || up.equals("CHANGES")) && next.isSymbol("(")) {
      throw ApiException.unsupported(up + " (change history table-valued functions)");
    }
    // Function namespaces (KEYS.NEW_KEYSET(...)); a table called "keys" is just a name.
    if (Set.of("ML", "KEYS", "AEAD", "HLL_COUNT", "NET").contains(up) && next.isSymbol(".")
        && t.get(i + 2).kind() == Token.Kind.WORD && t.get(i + 3).isSymbol("(")) {
      throw ApiException.unsupported("function " + up + "." + t.get(i + 2).upper());
    }
    if (next.isSymbol("(")) {
      int close = match[i + 1];
      switch (up) {
        case "CAST", "SAFE_CAST" -> {
          return cast(i, out, sp, up.equals("SAFE_CAST"));
        }
        case "STRUCT" -> {
          out.append(sp).append(struct(i + 2, close, null));
          return close + 1;
        }
        case "UNNEST" -> {
          return unnest(i, out, sp);
        }
        case "ARRAY_AGG" -> {
          int after = arrayAgg(i, out, sp);
          if (after >= 0) {
            return after;
          }
        }
        case "EXTRACT", "ARRAY", "EXISTS", "IN", "OVER", "VALUES", "AS", "USING", "ON", "FROM", "JOIN", "WHERE",
            "AND", "OR", "NOT", "SELECT", "WINDOW", "PARTITION", "WHEN", "THEN", "ELSE", "RETURNING" -> {
          // keywords before a parenthesis: not a function call
        }
        default -> {
          if (FunctionRewrites.has(up)) {
            List<String> args = new ArrayList<>();
            for (int[] arg : splitTopLevel(i + 2, close)) {
              args.add(range(arg[0], arg[1]).trim());
            }
            out.append(sp).append(FunctionRewrites.apply(up, args));
            return close + 1;
          }
          if (up.startsWith("ST_")) {
            throw ApiException.unsupported("function " + up);
          }
        }
      }
    }
    if (up.equals("ARRAY") && next.isSymbol("<")) {
      TypeParser.Parsed type = TypeParser.parse(t, i);
      int open = type.next();
      if (!t.get(open).isSymbol("[")) {
        throw ApiException.invalidQuery("Syntax error: Expected \"[\" after " + up + "<...>");
      }
      out.append(sp).append("CAST([").append(range(open + 1, match[open])).append("] AS ").append(type.type().duck())
          .append(")");
      return match[open] + 1;
    }
    if (up.equals("ARRAY") && next.isSymbol("[")) {
      out.append(sp).append("[").append(range(i + 2, match[i + 1])).append("]");
      return match[i + 1] + 1;
    }
    if (up.equals("STRUCT") && next.isSymbol("<")) {
      TypeParser.Parsed type = TypeParser.parse(t, i);
      int open = type.next();
      if (!t.get(open).isSymbol("(")) {
        throw ApiException.invalidQuery("Syntax error: Expected \"(\" after STRUCT<...>");
      }
      out.append(sp).append("CAST(").append(struct(open + 1, match[open], type.type().fieldNames())).append(" AS ")
          .append(type.type().duck()).append(")");
      return match[open] + 1;
    }
    if ((up.equals("EXCEPT") || up.equals("UNION") || up.equals("INTERSECT")) && next.isWord("DISTINCT")) {
      out.append(sp).append(up);
      return i + 2;
    }
    if (up.equals("INSERT") && next.isWord("ROW")) {
      out.append(sp).append("INSERT *");
      return i + 2;
    }
    if ((up.equals("FROM") || up.equals("JOIN")) && next.isName() && InformationSchema.names(path(i + 1))) {
      int after = afterPath(i + 1);
      boolean aliased = t.get(after).isWord("AS") || (t.get(after).kind() == Token.Kind.WORD && !isClauseWord(t.get(after))
          && !Set.of("UNION", "EXCEPT", "INTERSECT", "WINDOW", "FOR").contains(t.get(after).upper()));
      List<String> path = path(i + 1);
      out.append(sp).append(tok.text()).append(" ").append(InformationSchema.subquery(path, project))
          .append(aliased ? "" : " AS " + quote(path.get(path.size() - 1).toUpperCase(Locale.ROOT)));
      return after;
    }
    if (TABLE_POSITION.contains(up) && next.isName()) {
      List<String> path = path(i + 1);
      if (!(up.equals("TABLE") && path.size() == 1)) {
        tables.add(path);
      }
    }
    identifiers.add(tok.text().toLowerCase(Locale.ROOT));
    out.append(sp).append(needsQuoting(i) ? "\"" + tok.text() + "\"" : tok.text());
    return i + 1;
  }

  private boolean needsQuoting(int i) {
    String lower = t.get(i).text().toLowerCase(Locale.ROOT);
    if (!DUCK_ONLY_RESERVED.contains(lower)) {
      return false;
    }
    Token before = i > 0 ? t.get(i - 1) : null;
    return switch (lower) {
      // LIMIT n OFFSET m
      case "offset" -> before == null || !(before.kind() == Token.Kind.NUMBER || before.kind() == Token.Kind.NAMED_PARAM
          || before.kind() == Token.Kind.POSITIONAL_PARAM);
      case "column" -> before == null || !(before.isWord("ADD") || before.isWord("DROP") || before.isWord("RENAME")
          || before.isWord("ALTER"));
      case "table" -> before == null || !(before.isWord("CREATE") || before.isWord("REPLACE") || before.isWord("DROP")
          || before.isWord("TRUNCATE") || before.isWord("ALTER"));
      default -> true;
    };
  }

  private int cast(int i, StringBuilder out, String sp, boolean safe) {
    int open = i + 1;
    int close = match[open];
    int as = -1;
    int depth = 0;
    for (int j = open + 1; j < close; j++) {
      if (t.get(j).isSymbol("(") || t.get(j).isSymbol("[")) {
        depth++;
      } else if (t.get(j).isSymbol(")") || t.get(j).isSymbol("]")) {
        depth--;
      } else if (depth == 0 && t.get(j).isWord("AS")) {
        as = j;
      }
    }
    if (as < 0) {
      throw ApiException.invalidQuery("Syntax error: Expected keyword AS in CAST");
    }
    TypeParser.Parsed type = TypeParser.parse(t, as + 1);
    if (type.next() != close) {
      if (t.get(type.next()).isWord("FORMAT")) {
        throw ApiException.unsupported("CAST ... FORMAT");
      }
      throw ApiException.invalidQuery("Syntax error: Unexpected \"" + t.get(type.next()).text() + "\" in CAST");
    }
    String value = range(open + 1, as).trim();
    if (type.type().duck().equals("BIGINT")) {
      // BigQuery rounds FLOAT64 half away from zero and refuses '1.5'; DuckDB rounds half to even and accepts it.
      out.append(sp).append(safe ? "_bqemu_safe_int64(" : "_bqemu_int64(").append(value).append(")");
      return close + 1;
    }
    out.append(sp).append(safe ? "TRY_CAST(" : "CAST(").append(value).append(" AS ")
        .append(type.type().duck()).append(")");
    return close + 1;
  }

  /** STRUCT(a AS x, b AS y) or typed STRUCT<x T, y U>(a, b), as DuckDB's struct_pack / ROW. */
  private String struct(int from, int to, List<String> typedNames) {
    List<int[]> args = splitTopLevel(from, to);
    List<String> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      int[] arg = args.get(k);
      int end = arg[1];
      String name = null;
      if (end - arg[0] >= 3 && t.get(end - 2).isWord("AS") && t.get(end - 1).isName()) {
        name = t.get(end - 1).text();
        end -= 2;
      }
      if (typedNames != null && k < typedNames.size()) {
        name = typedNames.get(k);
      }
      names.add(name);
      values.add(range(arg[0], end).trim());
    }
    if (names.stream().allMatch(n -> n == null)) {
      return "ROW(" + String.join(", ", values) + ")";
    }
    List<String> packed = new ArrayList<>();
    for (int k = 0; k < values.size(); k++) {
      String name = names.get(k) == null ? "_field_" + (k + 1) : names.get(k);
      packed.add("\"" + name.replace("\"", "\"\"") + "\" := " + values.get(k));
    }
    return "struct_pack(" + String.join(", ", packed) + ")";
  }

  private int unnest(int i, StringBuilder out, String sp) {
    int open = i + 1;
    int close = match[open];
    int withOffset = withOffsetAt(close + 1);
    if (withOffset >= 0) {
      return unnestWithOffset(i, withOffset, out, sp);
    }
    String inner = range(open + 1, close).trim();
    Token before = i > 0 ? t.get(i - 1) : null;
    if (before != null && before.isWord("IN")) {
      out.append(sp).append("(SELECT UNNEST(").append(inner).append("))");
      return close + 1;
    }
    boolean singleParam = close == open + 2 && (t.get(open + 1).kind() == Token.Kind.NAMED_PARAM
        || t.get(open + 1).kind() == Token.Kind.POSITIONAL_PARAM);
    if (singleParam) {
      Token param = t.get(open + 1);
      boolean structArray = param.kind() == Token.Kind.NAMED_PARAM
          ? params.named(param.text()).structArray() : false;
      if (structArray) {
        // BigQuery exposes the fields of ARRAY<STRUCT> elements as columns.
        out.append(sp).append("(SELECT UNNEST(_bqemu_u) FROM (SELECT UNNEST(").append(inner).append(") AS _bqemu_u))");
        return close + 1;
      }
      String alias = aliasAfter(close + 1);
      out.append(sp).append("(SELECT UNNEST(").append(inner).append(") AS ")
          .append(alias == null ? "f0_" : "\"" + alias.replace("\"", "\"\"") + "\"").append(")");
      return close + 1;
    }
    out.append(sp).append("UNNEST(").append(inner).append(")");
    return close + 1;
  }

  /**
   * ARRAY_AGG(x IGNORE NULLS ORDER BY y LIMIT n) as DuckDB's array_agg with a FILTER and a slice;
   * -1 (nothing written) when neither IGNORE NULLS nor LIMIT is there, as DuckDB spells the rest alike.
   */
  private int arrayAgg(int i, StringBuilder out, String sp) {
    int open = i + 1;
    int close = match[open];
    int ignore = -1;
    int order = -1;
    int limit = -1;
    int respect = -1;
    for (int j = open + 1; j < close; j++) {
      if (t.get(j).isSymbol("(") || t.get(j).isSymbol("[")) {
        j = match[j];
      } else if (t.get(j).isWord("IGNORE") && t.get(j + 1).isWord("NULLS")) {
        ignore = j;
      } else if (t.get(j).isWord("RESPECT") && t.get(j + 1).isWord("NULLS")) {
        respect = j;
      } else if (t.get(j).isWord("ORDER") && t.get(j + 1).isWord("BY")) {
        order = j;
      } else if (t.get(j).isWord("LIMIT")) {
        limit = j;
      }
    }
    if (ignore < 0 && limit < 0) {
      return -1;
    }
    if (t.get(close + 1).isWord("OVER")) {
      throw ApiException.unsupported("ARRAY_AGG with IGNORE NULLS or LIMIT as a window function");
    }
    int exprEnd = close;
    for (int k : new int[] {ignore, respect, order, limit}) {
      if (k >= 0) {
        exprEnd = Math.min(exprEnd, k);
      }
    }
    String expr = range(open + 1, exprEnd).trim();
    String orderBy = order < 0 ? "" : " " + range(order, limit >= 0 && limit > order ? limit : close).trim();
    String value = expr.regionMatches(true, 0, "DISTINCT ", 0, 9) ? expr.substring(9).trim() : expr;
    StringBuilder call = new StringBuilder("array_agg(").append(expr).append(orderBy).append(")");
    if (ignore >= 0) {
      call.append(" FILTER (WHERE ").append(value).append(" IS NOT NULL)");
    }
    String aggregate = "(" + call + ")";
    if (limit >= 0) {
      aggregate = "(" + aggregate + "[1:" + range(limit + 1, close).trim() + "])";
    }
    out.append(sp).append(aggregate);
    return close + 1;
  }

  /** The index of WITH in {@code [AS] alias WITH OFFSET} right after an UNNEST(...), or -1. */
  private int withOffsetAt(int i) {
    int j = i;
    if (t.get(j).isWord("AS")) {
      j++;
    }
    if (t.get(j).isName() && !t.get(j).isWord("WITH")) {
      j++;
    }
    return t.get(j).isWord("WITH") && t.get(j + 1).isWord("OFFSET") ? j : -1;
  }

  /**
   * UNNEST(arr) [AS] x WITH OFFSET [AS] off: the element and its zero-based position, as a lateral
   * subquery (DuckDB's generate_subscripts runs alongside unnest, row by row).
   */
  private int unnestWithOffset(int i, int with, StringBuilder out, String sp) {
    int close = match[i + 1];
    String array = range(i + 2, close).trim();
    String element = "f0_";
    int j = close + 1;
    if (t.get(j).isWord("AS")) {
      j++;
    }
    if (j < with) {
      element = t.get(j).text();
    }
    j = with + 2;
    if (t.get(j).isWord("AS")) {
      j++;
    }
    String offset = "offset";
    if (t.get(j).isName() && !isClauseWord(t.get(j))) {
      offset = t.get(j).text();
      j++;
    }
    out.append(sp).append("(SELECT unnest(").append(array).append(") AS ").append(quote(element))
        .append(", generate_subscripts(").append(array).append(", 1) - 1 AS ").append(quote(offset))
        .append(") AS ").append(quote("_bqemu_unnest_" + i));
    return j;
  }

  private static boolean isClauseWord(Token tok) {
    return Set.of("WHERE", "GROUP", "ORDER", "LIMIT", "JOIN", "LEFT", "INNER", "CROSS", "ON", "UNION", "HAVING",
        "QUALIFY", "WINDOW", "FULL", "RIGHT", "USING").contains(tok.upper());
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private String aliasAfter(int i) {
    if (t.get(i).isWord("AS") && t.get(i + 1).isName()) {
      return t.get(i + 1).text();
    }
    return null;
  }

  // ---- helpers ----

  /** The name parts of the path starting at {@code i} (backtick parts split on dots). */
  private List<String> path(int i) {
    List<String> parts = new ArrayList<>();
    int j = i;
    while (true) {
      Token tok = t.get(j);
      if (!tok.isName()) {
        if (parts.isEmpty()) {
          throw ApiException.invalidQuery("Syntax error: Expected a table name but got \"" + tok.text() + "\"");
        }
        return parts;
      }
      parts.addAll(tok.kind() == Token.Kind.QUOTED_ID ? Arrays.asList(tok.text().split("\\.", -1)) : List.of(tok.text()));
      if (!t.get(j + 1).isSymbol(".") || !t.get(j + 2).isName()) {
        return parts;
      }
      j += 2;
    }
  }

  private int afterPath(int i) {
    int j = i;
    while (t.get(j + 1).isSymbol(".") && t.get(j + 2).isName()) {
      j += 2;
    }
    return j + 1;
  }

  private static String quotedPath(String backtickContent) {
    StringBuilder out = new StringBuilder();
    for (String part : backtickContent.split("\\.", -1)) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append('"').append(part.replace("\"", "\"\"")).append('"');
    }
    return out.toString();
  }

  private List<int[]> splitTopLevel(int from, int to) {
    List<int[]> parts = new ArrayList<>();
    if (from >= to) {
      return parts;
    }
    int start = from;
    int i = from;
    while (i < to) {
      Token tok = t.get(i);
      if ((tok.isSymbol("(") || tok.isSymbol("[")) && match[i] > i) {
        i = match[i] + 1;
        continue;
      }
      if (tok.isSymbol("<") && i > 0 && (t.get(i - 1).isWord("ARRAY") || t.get(i - 1).isWord("STRUCT"))) {
        i = TypeParser.parse(t, i - 1).next();
        continue;
      }
      if (tok.isSymbol(",")) {
        parts.add(new int[] {start, i});
        start = i + 1;
      }
      i++;
    }
    parts.add(new int[] {start, to});
    return parts;
  }

  private void requireTopLevelWord(String word, String message) {
    int depth = 0;
    for (Token tok : t) {
      if (tok.isSymbol("(")) {
        depth++;
      } else if (tok.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && tok.isWord(word)) {
        return;
      }
    }
    throw ApiException.invalidQuery(message);
  }

  private void expectWord(int i, String word) {
    if (!t.get(i).isWord(word)) {
      throw ApiException.invalidQuery("Syntax error: Expected keyword " + word + " but got \"" + t.get(i).text() + "\"");
    }
  }

  /** The source text from token {@code from} to the end, as the user wrote it (a view's query). */
  private String originalText(int from) {
    String text = sql.substring(t.get(from).position()).trim();
    return text.endsWith(";") ? text.substring(0, text.length() - 1).trim() : text;
  }

  private Translation result(String sql, String type, List<String> target, String viewQuery) {
    if (target != null && Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE_TABLE", "ALTER_TABLE").contains(type)) {
      tables.add(target); // the target is emitted without its keyword, so record it here
    }
    return new Translation(sql.trim(), type, target, tables, identifiers, star, viewQuery, ddlOptions.extras());
  }

  private static int[] matchBrackets(List<Token> tokens) {
    int[] match = new int[tokens.size()];
    Arrays.fill(match, -1);
    Deque<Integer> open = new ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token tok = tokens.get(i);
      if (tok.isSymbol("(") || tok.isSymbol("[")) {
        open.push(i);
      } else if (tok.isSymbol(")") || tok.isSymbol("]")) {
        if (open.isEmpty()) {
          throw ApiException.invalidQuery("Syntax error: Unexpected \"" + tok.text() + "\"");
        }
        int o = open.pop();
        String expected = tokens.get(o).isSymbol("(") ? ")" : "]";
        if (!tok.text().equals(expected)) {
          throw ApiException.invalidQuery("Syntax error: Expected \"" + expected + "\" but got \"" + tok.text() + "\"");
        }
        match[o] = i;
        match[i] = o;
      }
    }
    if (!open.isEmpty()) {
      throw ApiException.invalidQuery("Syntax error: Expected \"" + (tokens.get(open.peek()).isSymbol("(") ? ")" : "]")
          + "\" but got end of script");
    }
    return match;
  }
}
