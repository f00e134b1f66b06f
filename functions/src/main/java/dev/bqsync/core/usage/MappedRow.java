package dev.bqsync.core.usage;

import dev.bqsync.core.state.RejectedRow;

/** A source row after mapping: a usage record, or a rejection; {@code key} is null when the key itself was bad. */
public sealed interface MappedRow permits MappedRow.Accepted, MappedRow.Rejected {
  RowKey key();

  record Accepted(RowKey key, UsageRecord record) implements MappedRow {}

  record Rejected(RowKey key, RejectionReason reason, RejectedRow sample) implements MappedRow {}
}
