package dev.bqsync.core.usage;

/** A usage row ready for the CRM: a User Activity or a Custom Metric point. */
public sealed interface UsageRecord permits UserActivity, MetricPoint {
  /** Derived from (section, key): the same row always gets the same id. */
  String id();

  String sectionId();

  /** The row's key as {@link RowKey#text()}: decimal text, or a time and its tie-break. */
  String key();

  /** The CRM record this row belongs to, which must exist before the row is written. */
  UsageTarget target();

  /**
   * A row's id: section and key, and from the second cursor generation on the generation too
   * ({@code logins@1:17}), so a source recreated after a cursor reset does not collide with the rows
   * read before it. The first generation's ids stay as they always were. A time key's id holds its
   * time and tie-break ({@code logins:2026-11-23T10:15:30.123456Z#17}).
   */
  static String idFor(String sectionId, long generation, RowKey key) {
    return sectionId + (generation == 0 ? "" : "@" + generation) + ":" + key.text();
  }
}
