package dev.bqsync.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.Transaction;
import dev.bqsync.core.LeaseLostException;
import dev.bqsync.core.TransientException;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.LeaseResult;
import dev.bqsync.port.LeaseStore;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Leases in {@code tenants/{tenantId}/leases/{job}}. Each acquisition is one conditional write:
 * create-if-absent for a free lease, or update-if-unchanged-since-read (an updateTime precondition)
 * to take over an expired one. Of concurrent callers exactly one write succeeds; the others re-read
 * and see the winner. A write whose outcome is unknown (DEADLINE_EXCEEDED, UNAVAILABLE after it may
 * have landed) is settled by reading the lease again: holding it ourselves counts as acquired.
 * Writes that depend on holding the lease check it in the same transaction ({@link #check}).
 */
public final class FirestoreLeaseStore implements LeaseStore {
  private static final int MAX_ATTEMPTS = 20;
  private static final Set<Status.Code> LOST_RACE = Set.of(Status.Code.ALREADY_EXISTS, Status.Code.FAILED_PRECONDITION,
      Status.Code.ABORTED);
  private static final Set<Status.Code> UNKNOWN_OUTCOME = Set.of(Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE,
      Status.Code.INTERNAL, Status.Code.UNKNOWN);

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
      Optional<Lease> previous = Optional.empty();
      var batch = db.batch();
      if (!current.exists()) {
        batch.create(ref, fields(wanted));
      } else {
        Lease held = lease(tenantId, job, current);
        if (held.liveAt(now) && !held.holder().equals(holder)) {
          return new LeaseResult.AlreadyRunning(held);
        }
        previous = held.holder().equals(holder) ? Optional.empty() : Optional.of(held);
        batch.update(ref, fields(wanted), Precondition.updatedAt(current.getUpdateTime()));
      }
      try {
        batch.commit().get();
        return new LeaseResult.Acquired(wanted, previous);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientException("interrupted while taking lease " + tenantId + "/" + job.id(), e);
      } catch (ExecutionException e) {
        Optional<Status.Code> code = FirestoreCalls.statusCode(e.getCause());
        if (code.filter(UNKNOWN_OUTCOME::contains).isPresent()) {
          // The write may have landed: whoever the lease names now is the truth.
          DocumentSnapshot after = FirestoreCalls.await(ref.get(), "re-reading lease " + tenantId + "/" + job.id());
          if (after.exists() && holder.equals(after.getString("holder"))) {
            return new LeaseResult.Acquired(lease(tenantId, job, after), previous);
          }
          continue;
        }
        if (code.filter(LOST_RACE::contains).isEmpty()) {
          throw FirestoreCalls.translate("taking lease " + tenantId + "/" + job.id(), e.getCause());
        }
        // Someone else wrote the lease between our read and write: read again and see who holds it.
      }
    }
    throw new TransientException("could not settle lease " + tenantId + "/" + job.id() + " after " + MAX_ATTEMPTS
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
    } catch (ExecutionException e) {
      if (FirestoreCalls.statusCode(e.getCause()).filter(c -> c == Status.Code.FAILED_PRECONDITION).isEmpty()) {
        throw FirestoreCalls.translate("releasing lease " + lease.tenantId() + "/" + lease.job().id(), e.getCause());
      }
    }
  }

  @Override
  public Lease renew(Lease lease, Duration ttl) {
    DocumentReference ref = FirestorePaths.lease(db, lease.tenantId(), lease.job().id());
    return FirestoreCalls.await(db.runTransaction(tx -> {
      check(tx, db, lease, clock.instant());
      Instant now = clock.instant();
      Lease renewed = new Lease(lease.tenantId(), lease.job(), lease.holder(), lease.acquiredAt(), now.plus(ttl));
      tx.update(ref, Map.of("expireAt", FirestoreValues.timestamp(renewed.expireAt())));
      return renewed;
    }), "renewing lease " + lease.tenantId() + "/" + lease.job().id());
  }

  @Override
  public List<Lease> held(String tenantId) {
    List<Lease> out = new ArrayList<>();
    for (JobKind job : JobKind.values()) {
      DocumentSnapshot doc = FirestoreCalls.await(FirestorePaths.lease(db, tenantId, job.id()).get(), "reading leases");
      if (doc.exists()) {
        out.add(lease(tenantId, job, doc));
      }
    }
    return out;
  }

  @Override
  public Optional<Lease> forceRelease(String tenantId, JobKind job) {
    DocumentReference ref = FirestorePaths.lease(db, tenantId, job.id());
    DocumentSnapshot current = FirestoreCalls.await(ref.get(), "reading lease " + tenantId + "/" + job.id());
    if (!current.exists()) {
      return Optional.empty();
    }
    FirestoreCalls.await(ref.delete(Precondition.updatedAt(current.getUpdateTime())), "freeing lease "
        + tenantId + "/" + job.id());
    return Optional.of(lease(tenantId, job, current));
  }

  /**
   * The fence: inside a transaction, fails with LeaseLostException unless {@code lease}'s holder
   * still holds a live lease. The transaction's read makes Firestore refuse the commit if the lease
   * changes before it, so no write fenced this way lands for a run that lost its lease.
   */
  static void check(Transaction tx, Firestore db, Lease lease, Instant now) throws Exception {
    DocumentSnapshot doc = tx.get(FirestorePaths.lease(db, lease.tenantId(), lease.job().id())).get();
    String holder = doc.exists() ? doc.getString("holder") : null;
    Instant expireAt = doc.exists() ? FirestoreValues.instant(doc.getTimestamp("expireAt")) : null;
    if (!lease.holder().equals(holder) || expireAt == null || !now.isBefore(expireAt)) {
      throw new LeaseLostException("run " + lease.holder() + " lost its " + lease.job().id() + " lease"
          + (holder == null ? " (it was freed)" : holder.equals(lease.holder()) ? " (it expired at " + expireAt + ")"
              : " to run " + holder) + ": it stopped before this write, which did not land");
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
