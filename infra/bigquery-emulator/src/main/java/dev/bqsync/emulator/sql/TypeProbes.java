package dev.bqsync.emulator.sql;

import dev.bqsync.emulator.ApiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds the {@link TypeProbe}s of one statement at the token level. */
final class TypeProbes {
  private static final Set<String> COMPARISONS = Set.of("=", "!=", "<>", "<", ">", "<=", ">=");
  private static final Set<String> CHECKED_FUNCTIONS = Set.of("COALESCE", "IFNULL", "CONCAT");
  /** Words that end an operand of a comparison on either side. */
  private static final Set<String> BOUNDARIES = Set.of("AND", "OR", "NOT", "WHERE", "ON", "WHEN", "THEN", "ELSE",
      "SELECT", "HAVING", "QUALIFY", "SET", "GROUP", "ORDER", "LIMIT", "WINDOW", "UNION", "INTERSECT", "EXCEPT", "FROM",
      "JOIN", "LEFT", "RIGHT", "INNER", "FULL", "CROSS", "USING", "AS", "IS", "IN", "LIKE", "BETWEEN", "ASC", "DESC",
      "RETURN", "IF", "BY", "VALUES", "MATCHED", "INSERT", "UPDATE", "DELETE", "MERGE", "INTO", "EXISTS", "END", "CASE");

  private final String sql;
  private final List<Token> t;
  private final Parameters params;
  private final Set<Integer> typeTokens = new HashSet<>();

  private TypeProbes(String sql, List<Token> tokens, Parameters params) {
    this.sql = sql;
    this.t = tokens;
    this.params = params;
    for (int i = 0; i + 1 < t.size(); i++) {
      if ((t.get(i).isWord("ARRAY") || t.get(i).isWord("STRUCT")) && t.get(i + 1).isSymbol("<")) {
        int end = TypeParser.parse(t, i).next();
        for (int j = i; j < end; j++) {
          typeTokens.add(j);
        }
        i = end - 1;
      }
    }
  }

  static List<TypeProbe> of(String sql, List<Token> tokens, Parameters params) {
    return new TypeProbes(sql, tokens, params).all();
  }

  private List<TypeProbe> all() {
    List<TypeProbe> out = new ArrayList<>();
    for (int k = 0; k < t.size(); k++) {
      Token tok = t.get(k);
      if (tok.kind() == Token.Kind.SYMBOL && COMPARISONS.contains(tok.text()) && !typeTokens.contains(k)) {
        comparison(k, out);
      } else if (tok.kind() == Token.Kind.WORD && CHECKED_FUNCTIONS.contains(tok.upper()) && t.get(k + 1).isSymbol("(")
          && (k == 0 || !t.get(k - 1).isSymbol("."))) {
        List<Token> probe = new ArrayList<>(t);
        probe.set(k, new Token(Token.Kind.WORD, "lower", tok.spaceBefore(), tok.position()));
        add(out, TypeProbe.Kind.FUNCTION, tok.upper(), probe);
      } else if (tok.isWord("WHERE")) {
        aliases(k, out);
      } else if (tok.isWord("IN") && t.get(k + 1).isSymbol("(") && !t.get(k + 2).isWord("SELECT")
          && !t.get(k + 2).isWord("WITH")) {
        inList(k, out);
      }
    }
    insert(out);
    mergeInserts(out);
    return out;
  }

  /**
   * MERGE ... USING source ON ... WHEN NOT MATCHED THEN INSERT (cols) VALUES (values): the values read
   * only the source, so their types come from SELECT lower(values..., NULL) FROM source.
   */
  private void mergeInserts(List<TypeProbe> out) {
    if (!t.get(0).isWord("MERGE")) {
      return;
    }
    int using = -1;
    int on = -1;
    int depth = 0;
    for (int j = 1; j < t.size(); j++) {
      Token tok = t.get(j);
      if (tok.isSymbol("(") || tok.isSymbol("[")) {
        depth++;
      } else if (tok.isSymbol(")") || tok.isSymbol("]")) {
        depth--;
      } else if (depth == 0 && using < 0 && tok.isWord("USING")) {
        using = j;
      } else if (depth == 0 && using >= 0 && on < 0 && tok.isWord("ON")) {
        on = j;
      } else if (depth == 0 && on >= 0 && tok.isWord("INSERT") && t.get(j + 1).isSymbol("(")) {
        int columnsClose = close(j + 1);
        if (columnsClose < 0 || !t.get(columnsClose + 1).isWord("VALUES") || !t.get(columnsClose + 2).isSymbol("(")) {
          continue;
        }
        int valuesClose = close(columnsClose + 2);
        StringBuilder columns = new StringBuilder();
        for (int k = j + 2; k < columnsClose; k++) {
          columns.append(t.get(k).isSymbol(",") ? "," : t.get(k).text());
        }
        List<Token> probe = new ArrayList<>();
        probe.add(word("SELECT", t.get(j)));
        probe.add(word("lower", t.get(j)));
        probe.add(symbol("(", t.get(j)));
        probe.addAll(t.subList(columnsClose + 3, valuesClose));
        probe.add(symbol(",", t.get(valuesClose)));
        probe.add(word("NULL", t.get(valuesClose)));
        probe.add(symbol(")", t.get(valuesClose)));
        probe.add(word("FROM", t.get(using)));
        probe.addAll(t.subList(using + 1, on));
        probe.add(t.get(t.size() - 1));
        add(out, TypeProbe.Kind.INSERT, columns.toString(), probe);
      }
    }
  }

  private void comparison(int k, List<TypeProbe> out) {
    int start = leftStart(k - 1);
    int end = rightEnd(k + 1);
    if (start < 0 || end < 0 || start >= k || end <= k) {
      return;
    }
    boolean assignment = start > 0 && (t.get(start - 1).isWord("SET") || (t.get(start - 1).isSymbol(",") && inSet(start - 1)));
    List<Token> probe = new ArrayList<>(t.subList(0, start));
    if (assignment) {
      if (!t.get(k).isSymbol("=") || end - start < 2) {
        return;
      }
      probe.addAll(t.subList(start, k + 1)); // col =
      probe.add(word("lower", t.get(k + 1)));
      probe.add(symbol("(", t.get(k + 1)));
      // the target's column: qualified, because a MERGE source may have a column of the same name
      String target = targetQualifier();
      if (target != null && k - start == 1) {
        probe.add(new Token(Token.Kind.QUOTED_ID, target, true, t.get(start).position()));
        probe.add(symbol(".", t.get(start)));
      }
      probe.addAll(t.subList(start, k));
      probe.add(symbol(",", t.get(k)));
      probe.addAll(t.subList(k + 1, end + 1));
      probe.add(symbol(")", t.get(end)));
      probe.addAll(t.subList(end + 1, t.size()));
      add(out, TypeProbe.Kind.ASSIGNMENT, t.get(k - 1).text(), probe);
      return;
    }
    probe.add(word("lower", t.get(start)));
    probe.add(symbol("(", t.get(start)));
    probe.addAll(t.subList(start, k));
    probe.add(symbol(",", t.get(k)));
    probe.addAll(t.subList(k + 1, end + 1));
    probe.add(symbol(")", t.get(end)));
    probe.addAll(t.subList(end + 1, t.size()));
    add(out, TypeProbe.Kind.COMPARISON, t.get(k).text().equals("<>") ? "!=" : t.get(k).text(), probe);
  }

  /** x [NOT] IN (a, b, ...): x and every listed value must be comparable. */
  private void inList(int k, List<TypeProbe> out) {
    int start = leftStart(t.get(k - 1).isWord("NOT") ? k - 2 : k - 1);
    int close = close(k + 1);
    int operandEnd = t.get(k - 1).isWord("NOT") ? k - 1 : k;
    if (start < 0 || close < 0 || start >= operandEnd) {
      return;
    }
    List<Token> probe = new ArrayList<>(t.subList(0, start));
    probe.add(word("lower", t.get(start)));
    probe.add(symbol("(", t.get(start)));
    probe.addAll(t.subList(start, operandEnd));
    probe.add(symbol(",", t.get(k)));
    probe.addAll(t.subList(k + 2, close));
    probe.add(symbol(")", t.get(close)));
    probe.addAll(t.subList(close + 1, t.size()));
    add(out, TypeProbe.Kind.COMPARISON, "IN", probe);
  }

  /** The alias (or table name) of an UPDATE's or MERGE's target, or null. */
  private String targetQualifier() {
    if (!t.get(0).isWord("UPDATE") && !t.get(0).isWord("MERGE")) {
      return null;
    }
    int i = t.get(1).isWord("INTO") ? 2 : 1;
    int j = i;
    while (t.get(j + 1).isSymbol(".") && t.get(j + 2).isName()) {
      j += 2;
    }
    Token after = t.get(j + 1);
    if (after.isWord("AS")) {
      return t.get(j + 2).text();
    }
    if (after.isName() && !after.isWord("USING") && !after.isWord("SET")) {
      return after.text();
    }
    String last = t.get(j).text();
    return last.contains(".") ? last.substring(last.lastIndexOf('.') + 1) : last;
  }

  /** Whether the comma at {@code i} separates assignments of a SET clause (nearest keyword at its depth is SET). */
  private boolean inSet(int i) {
    int depth = 0;
    for (int j = i - 1; j >= 0; j--) {
      Token tok = t.get(j);
      if (tok.isSymbol(")") || tok.isSymbol("]")) {
        depth++;
      } else if (tok.isSymbol("(") || tok.isSymbol("[")) {
        if (--depth < 0) {
          return false;
        }
      } else if (depth == 0 && tok.kind() == Token.Kind.WORD && BOUNDARIES.contains(tok.upper())) {
        return tok.isWord("SET");
      }
    }
    return false;
  }

  /** SELECT a AS k FROM t WHERE k = 1: BigQuery does not see SELECT aliases in WHERE (DuckDB does). */
  private void aliases(int where, List<TypeProbe> out) {
    int select = -1;
    int depth = 0;
    for (int j = where - 1; j >= 0; j--) {
      Token tok = t.get(j);
      if (tok.isSymbol(")") || tok.isSymbol("]")) {
        depth++;
      } else if (tok.isSymbol("(") || tok.isSymbol("[")) {
        if (--depth < 0) {
          break;
        }
      } else if (depth == 0 && tok.isWord("SELECT")) {
        select = j;
        break;
      }
    }
    if (select < 0) {
      return;
    }
    depth = 0;
    for (int j = select + 1; j < where; j++) {
      Token tok = t.get(j);
      if (tok.isSymbol("(") || tok.isSymbol("[")) {
        depth++;
      } else if (tok.isSymbol(")") || tok.isSymbol("]")) {
        depth--;
      } else if (tok.isWord("FROM") && depth == 0) {
        break;
      } else if (depth == 0 && tok.isWord("AS") && t.get(j + 1).isName() && namedIn(t.get(j + 1).text(), where)) {
        List<Token> probe = new ArrayList<>(t);
        probe.set(j + 1, new Token(t.get(j + 1).kind(), "_bqemu_alias_" + t.get(j + 1).text(),
            t.get(j + 1).spaceBefore(), t.get(j + 1).position()));
        add(out, TypeProbe.Kind.ALIAS, t.get(j + 1).text(), probe);
      }
    }
  }

  /** Whether the WHERE clause starting at {@code where} names {@code name} as a bare column. */
  private boolean namedIn(String name, int where) {
    int depth = 0;
    for (int j = where + 1; j < t.size(); j++) {
      Token tok = t.get(j);
      if (tok.isSymbol("(")) {
        depth++;
      } else if (tok.isSymbol(")")) {
        if (--depth < 0) {
          return false;
        }
      } else if (depth == 0 && tok.kind() == Token.Kind.WORD && Set.of("GROUP", "HAVING", "QUALIFY", "WINDOW", "ORDER",
          "LIMIT", "UNION", "INTERSECT", "EXCEPT").contains(tok.upper())) {
        return false;
      } else if (tok.isName() && tok.text().equalsIgnoreCase(name) && !t.get(j - 1).isSymbol(".")
          && !t.get(j + 1).isSymbol(".") && !t.get(j + 1).isSymbol("(")) {
        return true;
      }
    }
    return false;
  }

  /** INSERT [INTO] t (cols) VALUES (...) | SELECT ...: the first row's value types, checked against the columns. */
  private void insert(List<TypeProbe> out) {
    if (!t.get(0).isWord("INSERT")) {
      return;
    }
    int i = t.get(1).isWord("INTO") ? 2 : 1;
    while (t.get(i + 1).isSymbol(".") && t.get(i + 2).isName()) {
      i += 2;
    }
    int open = i + 1;
    if (!t.get(open).isSymbol("(")) {
      return;
    }
    int close = close(open);
    StringBuilder columns = new StringBuilder();
    for (int j = open + 1; j < close; j++) {
      columns.append(t.get(j).isSymbol(",") ? "," : t.get(j).text());
    }
    int source = close + 1;
    List<Token> probe = new ArrayList<>();
    if (t.get(source).isWord("VALUES") && t.get(source + 1).isSymbol("(")) {
      int rowEnd = close(source + 1);
      probe.add(word("SELECT", t.get(source)));
      probe.add(word("lower", t.get(source)));
      probe.add(symbol("(", t.get(source)));
      probe.addAll(t.subList(source + 2, rowEnd));
      probe.add(symbol(",", t.get(rowEnd))); // a trailing NULL, so that even one value cannot match lower(STRING)
      probe.add(word("NULL", t.get(rowEnd)));
      probe.add(symbol(")", t.get(rowEnd)));
      probe.add(t.get(t.size() - 1));
    } else if (t.get(source).isWord("SELECT") || t.get(source).isWord("WITH") || t.get(source).isSymbol("(")) {
      probe.addAll(t.subList(source, t.size())); // prepared as is: its result columns carry the types
    } else {
      return;
    }
    add(out, TypeProbe.Kind.INSERT, columns.toString(), probe);
  }

  private int leftStart(int i) {
    int j = i;
    int cases = 0;
    while (j >= 0) {
      Token tok = t.get(j);
      if (tok.isSymbol(")") || tok.isSymbol("]")) {
        j = open(j);
        if (j < 0) {
          return -1;
        }
      } else if (tok.isSymbol("(") || tok.isSymbol("[") || tok.isSymbol(",") || tok.isSymbol(";")
          || (tok.kind() == Token.Kind.SYMBOL && COMPARISONS.contains(tok.text()) && !typeTokens.contains(j))) {
        return cases == 0 ? j + 1 : -1;
      } else if (tok.isWord("END")) {
        cases++;
      } else if (tok.isWord("CASE") && cases > 0) {
        cases--;
      } else if (cases == 0 && tok.kind() == Token.Kind.WORD && BOUNDARIES.contains(tok.upper())) {
        return j + 1;
      }
      j--;
    }
    return cases == 0 ? 0 : -1;
  }

  private int rightEnd(int i) {
    int j = i;
    int cases = 0;
    while (j < t.size()) {
      Token tok = t.get(j);
      if (tok.kind() == Token.Kind.END) {
        return cases == 0 ? j - 1 : -1;
      }
      if (tok.isSymbol("(") || tok.isSymbol("[")) {
        j = close(j);
        if (j < 0) {
          return -1;
        }
      } else if (tok.isSymbol(")") || tok.isSymbol("]") || tok.isSymbol(",") || tok.isSymbol(";")
          || (tok.kind() == Token.Kind.SYMBOL && COMPARISONS.contains(tok.text()) && !typeTokens.contains(j))) {
        return cases == 0 ? j - 1 : -1;
      } else if (tok.isWord("CASE")) {
        cases++;
      } else if (tok.isWord("END") && cases > 0) {
        cases--;
      } else if (cases == 0 && tok.kind() == Token.Kind.WORD && BOUNDARIES.contains(tok.upper())) {
        return j - 1;
      }
      j++;
    }
    return -1;
  }

  private int open(int i) {
    int depth = 0;
    for (int j = i; j >= 0; j--) {
      if (t.get(j).isSymbol(")") || t.get(j).isSymbol("]")) {
        depth++;
      } else if ((t.get(j).isSymbol("(") || t.get(j).isSymbol("[")) && --depth == 0) {
        return j;
      }
    }
    return -1;
  }

  private int close(int i) {
    int depth = 0;
    for (int j = i; j < t.size(); j++) {
      if (t.get(j).isSymbol("(") || t.get(j).isSymbol("[")) {
        depth++;
      } else if ((t.get(j).isSymbol(")") || t.get(j).isSymbol("]")) && --depth == 0) {
        return j;
      }
    }
    return -1;
  }

  private void add(List<TypeProbe> out, TypeProbe.Kind kind, String label, List<Token> probe) {
    try {
      out.add(new TypeProbe(kind, label, GoogleSqlTranslator.translateTokens(sql, probe, params).duckSql()));
    } catch (ApiException | IndexOutOfBoundsException e) {
      // a probe the translator cannot read is skipped: the statement itself is still checked by DuckDB
    }
  }

  private static Token word(String text, Token at) {
    return new Token(Token.Kind.WORD, text, true, at.position());
  }

  private static Token symbol(String text, Token at) {
    return new Token(Token.Kind.SYMBOL, text, false, at.position());
  }
}
