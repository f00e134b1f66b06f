package dev.bqsync.core.crm;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a read of changed CRM records stands: after the record {@code recordId} changed at
 * {@code changedAt}. Changes are ordered by (changedAt, record id), so records sharing a commit
 * time are neither skipped nor read twice across pages.
 */
public record ChangePosition(Instant changedAt, String recordId) {
  public ChangePosition {
    Objects.requireNonNull(changedAt, "changedAt");
    Objects.requireNonNull(recordId, "recordId");
  }
}
