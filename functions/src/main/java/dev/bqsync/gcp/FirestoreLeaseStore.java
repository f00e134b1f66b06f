package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.LeaseResult;
import dev.bqsync.port.LeaseStore;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Leases in {@code tenants/{tenantId}/leases/{job}}. Each acquisition is one conditional write, a
 * single-document transaction on the server: create-if-absent for a free lease, or
 * update-if-unchanged-since-read (an updateTime precondition) to take over an expired one. Of
 * concurrent callers exactly one write succeeds; the others re-read and see the winner. Unlike a
 * client-side transaction, heavy contention cannot exhaust retries and fail the losers with ABORTED.
 */
public final class FirestoreLeaseStore implements LeaseStore {
  private static final int MAX_ATTEMPTS = 20;

  private final Firestore db;
  private final Clock clock;

  public FirestoreLeaseStore(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public LeaseResult tryAcquire(String tenantId, JobKind job, String holder, Duration ttl) {
    DocumentReference ref = FirestorePaths.lease(db, tenantId, job.id());
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      Lease wanted = new Lease(tenantId, job, holder, now, now.plus(ttl));
      DocumentSnapshot current = FirestoreCalls.await(ref.get(), "reading lease " + tenantId + "/" + job.id());
      try {
        if (!current.exists()) {
          ref.create(fields(wanted)).get();
          return new LeaseResult.Acquired(wanted);
        }
        Lease held = lease(tenantId, job, current);
        if (held.liveAt(now) && !held.holder().equals(holder)) {
          return new LeaseResult.AlreadyRunning(held);
        }
        ref.update(fields(wanted), Precondition.updatedAt(current.getUpdateTime())).get();
        return new LeaseResult.Acquired(wanted);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StateStoreException("interrupted while taking lease " + tenantId + "/" + job.id(), e);
      } catch (java.util.concurrent.ExecutionException e) {
        Optional<Status.Code> code = FirestoreCalls.statusCode(e.getCause());
        boolean lostRace = code.filter(c -> c == Status.Code.ALREADY_EXISTS || c == Status.Code.FAILED_PRECONDITION
            || c == Status.Code.ABORTED).isPresent();
        if (!lostRace) {
          throw new StateStoreException("Firestore failed while taking lease " + tenantId + "/" + job.id() + ": "
              + e.getCause().getMessage(), e.getCause());
        }
        // Someone else wrote the lease between our read and write: read again and see who holds it.
      }
    }
    throw new StateStoreException("could not settle lease " + tenantId + "/" + job.id() + " after " + MAX_ATTEMPTS
        + " attempts of contention", null);
  }

  @Override
  public void release(Lease lease) {
    DocumentReference ref = FirestorePaths.lease(db, lease.tenantId(), lease.job().id());
    DocumentSnapshot current = FirestoreCalls.await(ref.get(), "reading lease to release it");
    if (!current.exists() || !lease.holder().equals(current.getString("holder"))) {
      return; // expired and taken over: not ours to delete
    }
    try {
      ref.delete(Precondition.updatedAt(current.getUpdateTime())).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      if (FirestoreCalls.statusCode(e.getCause()).filter(c -> c == Status.Code.FAILED_PRECONDITION).isEmpty()) {
        throw new StateStoreException("Firestore failed while releasing lease: " + e.getCause().getMessage(), e.getCause());
      }
    }
  }

  private static Map<String, Object> fields(Lease lease) {
    return Map.of(
        "holder", lease.holder(),
        "acquiredAt", FirestoreValues.timestamp(lease.acquiredAt()),
        "expireAt", FirestoreValues.timestamp(lease.expireAt()));
  }

  private static Lease lease(String tenantId, JobKind job, DocumentSnapshot doc) {
    return new Lease(tenantId, job, doc.getString("holder"),
        FirestoreValues.instant(doc.getTimestamp("acquiredAt")), FirestoreValues.instant(doc.getTimestamp("expireAt")));
  }
}
