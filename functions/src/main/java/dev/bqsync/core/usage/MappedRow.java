package dev.bqsync.core.usage;

import dev.bqsync.core.state.RejectedRow;
import java.math.BigInteger;

/** A source row after mapping: a usage record, or a rejection; {@code key} is null when the key itself was bad. */
public sealed interface MappedRow permits MappedRow.Accepted, MappedRow.Rejected {
  BigInteger key();

  record Accepted(BigInteger key, UsageRecord record) implements MappedRow {}

  record Rejected(BigInteger key, RejectionReason reason, RejectedRow sample) implements MappedRow {}
}
