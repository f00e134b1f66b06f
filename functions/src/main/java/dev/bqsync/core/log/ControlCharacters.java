package dev.bqsync.core.log;

/**
 * Text from outside (a request, a warehouse value, a message from Google) shown as data: line breaks,
 * tabs and other control characters become visible escapes, so the text stays on its line and cannot
 * pose as another line of a log, a terminal or a page.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  public static String escape(String text) {
    if (text == null || text.chars().noneMatch(ControlCharacters::isControl)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.chars().forEach(c -> {
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (isControl(c)) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.append((char) c);
          }
        }
      }
    });
    return out.toString();
  }

  // ISO controls plus the Unicode line and paragraph separators, which some readers break lines at.
  private static boolean isControl(int c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
