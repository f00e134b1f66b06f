package dev.bqsync.port;

import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.LeaseResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One run per (tenant, job) at a time. */
public interface LeaseStore {
  /**
   * Takes the lease for {@code holder} unless another holder has a live one; an expired lease is
   * taken over. Atomic: of any number of concurrent callers, at most one acquires.
   */
  LeaseResult tryAcquire(String tenantId, JobKind job, String holder, Duration ttl);

  /** Gives the lease up, if the caller still holds it (a lease taken over after expiry is left alone). */
  void release(Lease lease);

  /**
   * Extends the caller's lease to {@code ttl} from now, only if it still holds it; otherwise throws
   * LeaseLostException and changes nothing.
   */
  Lease renew(Lease lease, Duration ttl);

  /** The tenant's leases as stored, live or expired, by job. */
  List<Lease> held(String tenantId);

  /** Frees a lease whatever its holder (an operator clearing a dead run's lease); what was freed, if any. */
  Optional<Lease> forceRelease(String tenantId, JobKind job);
}
