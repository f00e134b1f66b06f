package dev.bqsync.core.state;

import java.time.Instant;

/** The right to run one job of one tenant until {@code expireAt}; held by {@code holder} (a run id). */
public record Lease(String tenantId, JobKind job, String holder, Instant acquiredAt, Instant expireAt) {
  public boolean liveAt(Instant now) {
    return now.isBefore(expireAt);
  }
}
