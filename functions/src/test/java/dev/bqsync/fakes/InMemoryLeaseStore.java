package dev.bqsync.fakes;

import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.LeaseResult;
import dev.bqsync.port.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

public final class InMemoryLeaseStore implements LeaseStore {
  private final Map<String, Lease> leases = new HashMap<>();
  private final Clock clock;

  public InMemoryLeaseStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized LeaseResult tryAcquire(String tenantId, JobKind job, String holder, Duration ttl) {
    Instant now = clock.instant();
    Lease held = leases.get(tenantId + "/" + job.id());
    if (held != null && held.liveAt(now) && !held.holder().equals(holder)) {
      return new LeaseResult.AlreadyRunning(held);
    }
    Lease lease = new Lease(tenantId, job, holder, now, now.plus(ttl));
    leases.put(tenantId + "/" + job.id(), lease);
    return new LeaseResult.Acquired(lease);
  }

  @Override
  public synchronized void release(Lease lease) {
    leases.computeIfPresent(lease.tenantId() + "/" + lease.job().id(),
        (k, held) -> held.holder().equals(lease.holder()) ? null : held);
  }
}
