package dev.bqsync.core.crm;

import java.time.Instant;
import java.util.List;

/**
 * One page of changed CRM records, in (changedAt, id) order. {@code next} is where the following
 * page starts (null when this page was the last); {@code readTime} is the store's own time of the
 * read, the next run's watermark (server time, so no function clock is involved).
 */
public record ChangePage(List<ChangedRecord> records, ChangePosition next, Instant readTime) {
  public ChangePage {
    records = List.copyOf(records);
  }
}
