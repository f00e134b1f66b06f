package dev.bqsync.core.log;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One readable line per entry: time (UTC, to the second), severity, tenant/job/section/run ("-"
 * for a label the line does not have), message. A message of several lines (a stack trace) shows
 * its first line and how many follow, so every entry stays one line and the output greps well.
 */
public final class LogLines {
  private static final String NONE = "-";

  private LogLines() {}

  public static String format(LoggedEntry entry) {
    return time(entry.time()) + "  " + pad(entry.severity(), 8) + "  " + where(entry) + "  " + firstLine(entry.message());
  }

  private static String time(Instant time) {
    return time == null ? "-" : time.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String where(LoggedEntry entry) {
    return String.join("/", label(entry, "tenant"), label(entry, "job"), label(entry, "section"), label(entry, "run"));
  }

  private static String label(LoggedEntry entry, String name) {
    String value = entry.labels().get(name);
    return value == null || value.isEmpty() ? NONE : value;
  }

  private static String firstLine(String message) {
    String[] lines = message.strip().split("\\R");
    String first = lines[0].replaceAll("\\p{Cntrl}", " ");
    return lines.length == 1 ? first : first + " (+" + (lines.length - 1) + " more lines)";
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
