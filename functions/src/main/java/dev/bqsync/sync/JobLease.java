package dev.bqsync.sync;

import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.LeaseResult;
import dev.bqsync.port.LeaseStore;
import java.time.Duration;

/** One run's hold on its tenant and job kind, so two runs never write the same cursors or records. */
final class JobLease {
  private final LeaseStore leases;

  JobLease(LeaseStore leases) {
    this.leases = leases;
  }

  LeaseResult acquire(String tenantId, JobKind kind, String runId, Duration ttl) {
    return leases.tryAcquire(tenantId, kind, runId, ttl);
  }

  /** Releases what {@link #acquire} got; a lease held by another run, or none, is left alone. */
  void release(LeaseResult result) {
    if (result instanceof LeaseResult.Acquired acquired) {
      leases.release(acquired.lease());
    }
  }

  /** The words for a request that finds the lease taken: which run holds it and until when. */
  static String heldBy(String jobName, LeaseResult.AlreadyRunning running) {
    return "another " + jobName + " of this tenant is running (run " + running.current().holder() + ", lease until "
        + running.current().expireAt() + ")";
  }
}
