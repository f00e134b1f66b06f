package dev.bqsync.core.log;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How far back an operator looks, as people write it: 90s, 30m, 1h, 2d, or ISO-8601 such as PT1H. */
public final class LookBack {
  private static final Pattern SHORT = Pattern.compile("([0-9]{1,6})([smhd])");

  private LookBack() {}

  /** The duration {@code text} says; IllegalArgumentException with the forms to use when it says none. */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(trimmed);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    if (trimmed.startsWith("p")) {
      try {
        return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a time span: use for example 30m, 1h, 2d or PT1H");
  }
}
