package dev.bqsync.core.usage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a row stands in its source, in the order the pull reads it: a whole number, or a time with
 * its tie-break. It is the cursor's position and, as {@link #text()}, part of the row's usage id,
 * so its text never changes for a given row: {@code 17}, {@code 2026-11-23T10:15:30.123456Z#17}
 * (TIMESTAMP, INT64 tie-break), {@code 2026-11-23T10:15:30.123456~a7f3} (DATETIME, STRING tie-break).
 */
public sealed interface RowKey extends Comparable<RowKey> permits NumberKey, TimeKey {
  Pattern NUMBER = Pattern.compile("-?[0-9]+");
  Pattern TIME = Pattern.compile("([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6})(Z?)([#~].*)",
      Pattern.DOTALL);

  /** The key as it appears in ids, cursors and run records. */
  String text();

  /** Reads {@link #text()} back; IllegalArgumentException for anything else. */
  static RowKey parse(String text) {
    if (NUMBER.matcher(text).matches()) {
      return new NumberKey(new java.math.BigInteger(text));
    }
    Matcher m = TIME.matcher(text);
    if (m.matches()) {
      return TimeKey.of(m.group(1), !m.group(2).isEmpty(), TieBreak.parse(m.group(3)));
    }
    throw new IllegalArgumentException("not a usage key: '" + text + "'");
  }

  @Override
  default int compareTo(RowKey other) {
    if (this instanceof NumberKey a && other instanceof NumberKey b) {
      return a.value().compareTo(b.value());
    }
    if (this instanceof TimeKey a && other instanceof TimeKey b) {
      int byTime = Long.compare(a.micros(), b.micros());
      return byTime != 0 ? byTime : a.tieBreak().compareTo(b.tieBreak());
    }
    return this instanceof NumberKey ? -1 : 1; // never within one section: UsagePull refuses a cursor of the other kind
  }
}
