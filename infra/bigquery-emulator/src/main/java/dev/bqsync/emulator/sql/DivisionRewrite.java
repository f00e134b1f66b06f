package dev.bqsync.emulator.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites {@code a / b} into {@code _bqemu_divide(a, b)}, a function with one overload per type
 * (see {@code BigQueryFunctions}), because DuckDB's {@code /} makes NUMERIC / NUMERIC a DOUBLE and
 * {@code 1 / 0} infinity, where BigQuery answers NUMERIC and an error. Operands are found by
 * GoogleSQL precedence at the token level ({@code *} and {@code /} bind left to right, tighter
 * than everything but unary operators); a division whose operand is not a simple primary (a
 * CASE expression) is left to DuckDB.
 */
final class DivisionRewrite {
  static final String FUNCTION = "_bqemu_divide";
  /** Reserved words that can stand right before a parenthesis without being a function name. */
  private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "WHEN", "THEN", "ELSE", "SELECT",
      "WHERE", "ON", "BY", "AS", "FROM", "JOIN", "HAVING", "IS", "LIKE", "BETWEEN", "CASE", "END", "USING", "QUALIFY",
      "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "DISTINCT", "ALL", "WITH", "VALUES", "SET", "RETURN", "INTO",
      "OVER", "WINDOW", "PARTITION", "ROWS", "RANGE", "ORDER", "GROUP", "ASC", "DESC", "NULLS", "IF", "INTERVAL");

  private DivisionRewrite() {}

  static List<Token> apply(List<Token> input) {
    List<Token> t = new ArrayList<>(input);
    for (int k = 0; k < t.size(); k++) {
      if (!t.get(k).isSymbol("/")) {
        continue;
      }
      int start = leftStart(t, k - 1);
      int end = rightEnd(t, k + 1);
      if (start < 0 || end < 0) {
        continue;
      }
      Token first = t.get(start);
      List<Token> call = new ArrayList<>();
      call.add(new Token(Token.Kind.WORD, FUNCTION, first.spaceBefore(), first.position()));
      call.add(new Token(Token.Kind.SYMBOL, "(", false, first.position()));
      call.addAll(t.subList(start, k));
      call.add(new Token(Token.Kind.SYMBOL, ",", false, t.get(k).position()));
      call.addAll(t.subList(k + 1, end + 1));
      call.add(new Token(Token.Kind.SYMBOL, ")", false, t.get(end).position()));
      List<Token> out = new ArrayList<>(t.subList(0, start));
      out.addAll(call);
      out.addAll(t.subList(end + 1, t.size()));
      k = start + call.size() - 1;
      t = out;
    }
    return t;
  }

  /** First token of the left operand ending at {@code i}, or -1. */
  private static int leftStart(List<Token> t, int i) {
    int j = primaryStart(t, i);
    // a * b / c is (a * b) / c
    while (j > 1 && t.get(j - 1).isSymbol("*") && endsOperand(t.get(j - 2))) {
      j = primaryStart(t, j - 2);
    }
    return j;
  }

  private static boolean endsOperand(Token tok) {
    return tok.isSymbol(")") || tok.isSymbol("]") || tok.kind() == Token.Kind.NUMBER || tok.kind() == Token.Kind.STRING
        || tok.kind() == Token.Kind.NAMED_PARAM || tok.kind() == Token.Kind.POSITIONAL_PARAM
        || tok.kind() == Token.Kind.QUOTED_ID || (tok.kind() == Token.Kind.WORD && !KEYWORDS.contains(tok.upper()));
  }

  private static int primaryStart(List<Token> t, int i) {
    if (i < 0) {
      return -1;
    }
    Token tok = t.get(i);
    int j;
    if (tok.isSymbol(")")) {
      j = open(t, i);
      if (j < 0) {
        return -1;
      }
      if (j > 0 && t.get(j - 1).isWord("OVER")) {
        return primaryStart(t, j - 2); // SUM(x) OVER (...) / n
      }
      if (j > 0 && t.get(j - 1).kind() == Token.Kind.WORD && !KEYWORDS.contains(t.get(j - 1).upper())) {
        j--;
      }
    } else if (tok.isSymbol("]")) {
      j = open(t, i);
      return j < 0 ? -1 : primaryStart(t, j - 1);
    } else if (tok.kind() == Token.Kind.STRING || tok.kind() == Token.Kind.BYTES) {
      j = i > 0 && t.get(i - 1).kind() == Token.Kind.WORD && !KEYWORDS.contains(t.get(i - 1).upper()) ? i - 1 : i;
      return j;
    } else if (endsOperand(tok)) {
      j = i;
    } else {
      return -1;
    }
    while (j > 1 && t.get(j - 1).isSymbol(".") && t.get(j - 2).isName()) {
      j -= 2;
    }
    return j;
  }

  /** Last token of the right operand starting at {@code i}, or -1. */
  private static int rightEnd(List<Token> t, int i) {
    int j = i;
    if (t.get(j).isSymbol("-") || t.get(j).isSymbol("+")) {
      j++;
    }
    Token tok = t.get(j);
    int e;
    if (tok.isSymbol("(")) {
      e = close(t, j);
    } else if (tok.kind() == Token.Kind.WORD && t.get(j + 1).kind() == Token.Kind.STRING) {
      e = j + 1; // a typed literal: NUMERIC '2.5'
    } else if (tok.isName()) {
      if (tok.kind() == Token.Kind.WORD && KEYWORDS.contains(tok.upper())) {
        return -1;
      }
      e = j;
      while (t.get(e + 1).isSymbol(".") && t.get(e + 2).isName()) {
        e += 2;
      }
      if (t.get(e + 1).isSymbol("(")) {
        e = close(t, e + 1);
      }
    } else if (tok.kind() == Token.Kind.NUMBER || tok.kind() == Token.Kind.STRING
        || tok.kind() == Token.Kind.NAMED_PARAM || tok.kind() == Token.Kind.POSITIONAL_PARAM) {
      e = j;
    } else {
      return -1;
    }
    while (e >= 0 && t.get(e + 1).isSymbol("[")) {
      e = close(t, e + 1);
    }
    if (e >= 0 && t.get(e + 1).isWord("OVER") && t.get(e + 2).isSymbol("(")) {
      e = close(t, e + 2); // n / SUM(x) OVER (...)
    }
    return e;
  }

  private static int open(List<Token> t, int i) {
    int depth = 0;
    for (int j = i; j >= 0; j--) {
      if (t.get(j).isSymbol(")") || t.get(j).isSymbol("]")) {
        depth++;
      } else if (t.get(j).isSymbol("(") || t.get(j).isSymbol("[")) {
        if (--depth == 0) {
          return j;
        }
      }
    }
    return -1;
  }

  private static int close(List<Token> t, int i) {
    int depth = 0;
    for (int j = i; j < t.size(); j++) {
      if (t.get(j).isSymbol("(") || t.get(j).isSymbol("[")) {
        depth++;
      } else if (t.get(j).isSymbol(")") || t.get(j).isSymbol("]")) {
        if (--depth == 0) {
          return j;
        }
      }
    }
    return -1;
  }
}
