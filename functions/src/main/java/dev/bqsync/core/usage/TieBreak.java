package dev.bqsync.core.usage;

/**
 * The value of a time-keyed section's tie-break column, which orders (and names) rows that share a
 * timestamp: an INT64 or a STRING. In key text an INT64 follows {@code #} and a STRING {@code ~}, so
 * the text says how to compare it (17 before 100 as numbers; "100" before "17" as text).
 */
public sealed interface TieBreak extends Comparable<TieBreak> permits TieBreak.Int, TieBreak.Text {
  /** At most this many UTF-8 bytes, so a usage id stays well under Firestore's 1,500 bytes per id. */
  int MAX_TEXT_BYTES = 1_024;

  String text();

  record Int(long value) implements TieBreak {
    @Override
    public String text() {
      return "#" + value;
    }
  }

  record Text(String value) implements TieBreak {
    public Text {
      if (value == null) {
        throw new IllegalArgumentException("a text tie-break is not null");
      }
    }

    @Override
    public String text() {
      return "~" + value;
    }
  }

  /** BigQuery's order: numbers by value, texts by Unicode code point (UTF-8 byte order), which String.compareTo is not. */
  @Override
  default int compareTo(TieBreak other) {
    if (this instanceof Int a && other instanceof Int b) {
      return Long.compare(a.value(), b.value());
    }
    if (this instanceof Text a && other instanceof Text b) {
      return byCodePoint(a.value(), b.value());
    }
    return this instanceof Int ? -1 : 1; // never within one section: its tie-break column has one type
  }

  static int byCodePoint(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Reads the text form ({@code #17}, {@code ~abc}); IllegalArgumentException otherwise. */
  static TieBreak parse(String text) {
    if (text.startsWith("#")) {
      return new Int(Long.parseLong(text.substring(1)));
    }
    if (text.startsWith("~")) {
      return new Text(text.substring(1));
    }
    throw new IllegalArgumentException("not a tie-break: " + text);
  }
}
