package dev.bqsync.emulator.sql;

import dev.bqsync.emulator.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits GoogleSQL text into tokens: comments dropped, string and bytes literals decoded. */
public final class Lexer {
  private final String sql;
  private int pos;
  private boolean space;

  private Lexer(String sql) {
    this.sql = sql;
  }

  public static List<Token> tokenize(String sql) {
    return new Lexer(sql).all();
  }

  private List<Token> all() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= sql.length()) {
        tokens.add(new Token(Token.Kind.END, "", space, pos));
        return tokens;
      }
      tokens.add(next());
      space = false;
    }
  }

  private void skipSpaceAndComments() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
        space = true;
      } else if (c == '#' || c == '-' && peek(1) == '-') {
        while (pos < sql.length() && sql.charAt(pos) != '\n') {
          pos++;
        }
        space = true;
      } else if (c == '/' && peek(1) == '*') {
        int end = sql.indexOf("*/", pos + 2);
        if (end < 0) {
          throw ApiException.invalidQuery("Syntax error: Unclosed comment at [" + location(pos) + "]");
        }
        pos = end + 2;
        space = true;
      } else {
        return;
      }
    }
  }

  private Token next() {
    int start = pos;
    char c = sql.charAt(pos);
    // String and bytes literals, with optional r/b prefixes in either order.
    int prefixEnd = pos;
    boolean raw = false;
    boolean bytes = false;
    while (prefixEnd < sql.length() && prefixEnd - pos < 2 && "rRbB".indexOf(sql.charAt(prefixEnd)) >= 0) {
      char p = Character.toLowerCase(sql.charAt(prefixEnd));
      raw |= p == 'r';
      bytes |= p == 'b';
      prefixEnd++;
    }
    if (prefixEnd < sql.length() && (sql.charAt(prefixEnd) == '\'' || sql.charAt(prefixEnd) == '"')
        && (prefixEnd == pos || prefixEnd - pos <= 2)) {
      pos = prefixEnd;
      byte[] value = quoted(raw);
      return bytes
          ? new Token(Token.Kind.BYTES, hex(value), space, start)
          : new Token(Token.Kind.STRING, new String(value, StandardCharsets.UTF_8), space, start);
    }
    if (c == '`') {
      int end = sql.indexOf('`', pos + 1);
      if (end < 0) {
        throw ApiException.invalidQuery("Syntax error: Unclosed identifier literal at [" + location(pos) + "]");
      }
      pos = end + 1;
      return new Token(Token.Kind.QUOTED_ID, sql.substring(start + 1, end), space, start);
    }
    if (Character.isLetter(c) || c == '_') {
      while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
        pos++;
      }
      return new Token(Token.Kind.WORD, sql.substring(start, pos), space, start);
    }
    if (Character.isDigit(c) || c == '.' && Character.isDigit(peek(1))) {
      return number(start);
    }
    if (c == '@' && peek(1) != '@') {
      pos++;
      int nameStart = pos;
      if (pos < sql.length() && sql.charAt(pos) == '`') {
        int end = sql.indexOf('`', pos + 1);
        pos = end + 1;
        return new Token(Token.Kind.NAMED_PARAM, sql.substring(nameStart + 1, end), space, start);
      }
      while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
        pos++;
      }
      if (pos == nameStart) {
        throw ApiException.invalidQuery("Syntax error: Unexpected \"@\" at [" + location(start) + "]");
      }
      return new Token(Token.Kind.NAMED_PARAM, sql.substring(nameStart, pos), space, start);
    }
    if (c == '@') {
      throw ApiException.unsupported("system variables (@@" + word(pos + 2) + ")");
    }
    if (c == '?') {
      pos++;
      return new Token(Token.Kind.POSITIONAL_PARAM, "?", space, start);
    }
    for (String symbol : new String[] {"<=", ">=", "<>", "!=", "||", "<<", "=>"}) {
      if (sql.startsWith(symbol, pos)) {
        pos += symbol.length();
        return new Token(Token.Kind.SYMBOL, symbol, space, start);
      }
    }
    if ("()[],.;+-*/%<>=&|^~{}:".indexOf(c) >= 0) {
      pos++;
      return new Token(Token.Kind.SYMBOL, String.valueOf(c), space, start);
    }
    throw ApiException.invalidQuery("Syntax error: Illegal input character \"" + c + "\" at [" + location(start) + "]");
  }

  private Token number(int start) {
    if (sql.charAt(pos) == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      pos += 2;
      int digits = pos;
      while (pos < sql.length() && Character.digit(sql.charAt(pos), 16) >= 0) {
        pos++;
      }
      return new Token(Token.Kind.NUMBER, new java.math.BigInteger(sql.substring(digits, pos), 16).toString(), space, start);
    }
    while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
      pos++;
    }
    if (pos < sql.length() && sql.charAt(pos) == '.' && !(Character.isLetter(peek(1)) || peek(1) == '_')) {
      pos++;
      while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
        pos++;
      }
    }
    if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')
        && (Character.isDigit(peek(1)) || (peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2)))) {
      pos += 2;
      while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
        pos++;
      }
    }
    return new Token(Token.Kind.NUMBER, sql.substring(start, pos), space, start);
  }

  private byte[] quoted(boolean raw) {
    char quote = sql.charAt(pos);
    String delimiter = sql.startsWith(String.valueOf(quote).repeat(3), pos) ? String.valueOf(quote).repeat(3)
        : String.valueOf(quote);
    int start = pos;
    pos += delimiter.length();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      if (pos >= sql.length()) {
        throw ApiException.invalidQuery("Syntax error: Unclosed string literal at [" + location(start) + "]");
      }
      if (sql.startsWith(delimiter, pos)) {
        pos += delimiter.length();
        return out.toByteArray();
      }
      char c = sql.charAt(pos);
      if (c == '\n' && delimiter.length() == 1) {
        throw ApiException.invalidQuery("Syntax error: Unclosed string literal at [" + location(start) + "]");
      }
      if (c == '\\') {
        if (raw) {
          // Raw strings keep the backslash, but it still protects the next character from ending the string.
          out.writeBytes(sql.substring(pos, Math.min(pos + 2, sql.length())).getBytes(StandardCharsets.UTF_8));
          pos += 2;
        } else {
          escape(out);
        }
        continue;
      }
      int codePoint = sql.codePointAt(pos);
      out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
      pos += Character.charCount(codePoint);
    }
  }

  private void escape(ByteArrayOutputStream out) {
    int at = pos;
    char e = peek(1);
    pos += 2;
    switch (e) {
      case 'a' -> out.write(7);
      case 'b' -> out.write(8);
      case 'f' -> out.write(12);
      case 'n' -> out.write('\n');
      case 'r' -> out.write('\r');
      case 't' -> out.write('\t');
      case 'v' -> out.write(11);
      case '\\', '?', '"', '\'', '`' -> out.write(e);
      case 'x', 'X' -> {
        out.write(Integer.parseInt(sql.substring(pos, pos + 2), 16));
        pos += 2;
      }
      case 'u' -> {
        out.writeBytes(new String(Character.toChars(Integer.parseInt(sql.substring(pos, pos + 4), 16)))
            .getBytes(StandardCharsets.UTF_8));
        pos += 4;
      }
      case 'U' -> {
        out.writeBytes(new String(Character.toChars(Integer.parseInt(sql.substring(pos, pos + 8), 16)))
            .getBytes(StandardCharsets.UTF_8));
        pos += 8;
      }
      default -> {
        if (e >= '0' && e <= '7') {
          out.write(Integer.parseInt(sql.substring(pos - 1, pos + 2), 8));
          pos += 2;
        } else {
          throw ApiException.invalidQuery("Syntax error: Illegal escape sequence: \\" + e + " at [" + location(at) + "]");
        }
      }
    }
  }

  private char peek(int ahead) {
    return pos + ahead < sql.length() ? sql.charAt(pos + ahead) : '\0';
  }

  private String word(int from) {
    int end = from;
    while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
      end++;
    }
    return sql.substring(Math.min(from, sql.length()), end);
  }

  /** BigQuery's {@code line:column} (1-based) for error messages. */
  String location(int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < sql.length(); i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return line + ":" + column;
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02x", b));
    }
    return out.toString();
  }
}
