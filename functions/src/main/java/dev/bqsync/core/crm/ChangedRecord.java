package dev.bqsync.core.crm;

import java.time.Instant;

/** A CRM record read because it changed, with the commit time of its last write. */
public record ChangedRecord(CrmRecord record, Instant changedAt) {
  public ChangePosition position() {
    return new ChangePosition(changedAt, record.id());
  }
}
