package dev.bqsync.fakes;

import dev.bqsync.core.LeaseLostException;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.LeaseResult;
import dev.bqsync.port.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    return new LeaseResult.Acquired(lease, held == null || held.holder().equals(holder) ? Optional.empty()
        : Optional.of(held));
  }

  @Override
  public synchronized Lease renew(Lease lease, Duration ttl) {
    Lease held = leases.get(lease.tenantId() + "/" + lease.job().id());
    if (held == null || !held.holder().equals(lease.holder()) || !held.liveAt(clock.instant())) {
      throw new LeaseLostException("run " + lease.holder() + " lost its lease");
    }
    Lease renewed = new Lease(held.tenantId(), held.job(), held.holder(), held.acquiredAt(), clock.instant().plus(ttl));
    leases.put(lease.tenantId() + "/" + lease.job().id(), renewed);
    return renewed;
  }

  @Override
  public synchronized List<Lease> held(String tenantId) {
    return leases.values().stream().filter(l -> l.tenantId().equals(tenantId)).toList();
  }

  @Override
  public synchronized Optional<Lease> forceRelease(String tenantId, JobKind job) {
    return Optional.ofNullable(leases.remove(tenantId + "/" + job.id()));
  }

  @Override
  public synchronized void release(Lease lease) {
    leases.computeIfPresent(lease.tenantId() + "/" + lease.job().id(),
        (k, held) -> held.holder().equals(lease.holder()) ? null : held);
  }
}
