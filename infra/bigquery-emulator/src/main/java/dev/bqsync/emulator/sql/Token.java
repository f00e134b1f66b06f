package dev.bqsync.emulator.sql;

import java.util.Locale;

/**
 * One GoogleSQL token. {@code text} is the word, the decoded value of a string, the name of a
 * parameter or the symbol; {@code spaceBefore} keeps the source's layout in the output.
 */
public record Token(Kind kind, String text, boolean spaceBefore, int position) {
  public enum Kind {
    WORD, QUOTED_ID, STRING, BYTES, NUMBER, NAMED_PARAM, POSITIONAL_PARAM, SYMBOL, END
  }

  public boolean isWord(String word) {
    return kind == Kind.WORD && text.equalsIgnoreCase(word);
  }

  public boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  public String upper() {
    return text.toUpperCase(Locale.ROOT);
  }

  /** A name part: an unquoted word or a backtick-quoted identifier. */
  public boolean isName() {
    return kind == Kind.WORD || kind == Kind.QUOTED_ID;
  }
}
