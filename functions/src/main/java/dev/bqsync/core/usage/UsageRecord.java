package dev.bqsync.core.usage;

/** A usage row ready for the CRM: a User Activity or a Custom Metric point. */
public sealed interface UsageRecord permits UserActivity, MetricPoint {
  /** Derived from (section, key): the same row always gets the same id. */
  String id();

  String sectionId();

  /** The row's key, as decimal text. */
  String key();

  /** The CRM record this row belongs to, which must exist before the row is written. */
  UsageTarget target();

  static String idFor(String sectionId, java.math.BigInteger key) {
    return sectionId + ":" + key;
  }
}
