package dev.bqsync.gcp;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import dev.bqsync.core.LeaseLostException;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.TransientException;
import io.grpc.Status;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Waits for Firestore futures and says what their failures are: UNAVAILABLE, ABORTED,
 * DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED are {@link TransientException} (the client has already
 * retried what it may), PERMISSION_DENIED needs a person, anything else is a bug
 * ({@link StateStoreException}).
 */
final class FirestoreCalls {
  private FirestoreCalls() {}

  static <T> T await(ApiFuture<T> future, String what) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateStoreException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      throw translate(what, e.getCause());
    }
  }

  static final Set<Status.Code> TRANSIENT = Set.of(Status.Code.UNAVAILABLE, Status.Code.ABORTED,
      Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);

  /** The failure as its kind: transient, needs a person, or (anything else) a bug. */
  static RuntimeException translate(String what, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TransientException || t instanceof NeedsAttentionException || t instanceof LeaseLostException) {
        return (RuntimeException) t;
      }
    }
    Optional<Status.Code> code = statusCode(error);
    if (code.isPresent() && TRANSIENT.contains(code.get())) {
      return new TransientException("Firestore is unavailable or busy while " + what + " (" + code.get() + ": "
          + error.getMessage() + ")", error);
    }
    if (code.filter(c -> c == Status.Code.PERMISSION_DENIED).isPresent()) {
      return new NeedsAttentionException("Firestore refused access while " + what + " (" + error.getMessage()
          + "); grant the function's service account roles/datastore.user (terraform/ does)", error);
    }
    return new StateStoreException("Firestore failed while " + what + ": " + error.getMessage(), error);
  }

  /** Reads and deletes {@code ref} in one transaction: of two callers, exactly one gets the document. */
  static <T> Optional<T> takeOnce(Firestore db, DocumentReference ref, Function<DocumentSnapshot, T> read,
      String what) {
    return await(db.runTransaction(tx -> {
      DocumentSnapshot doc = tx.get(ref).get();
      if (!doc.exists()) {
        return Optional.<T>empty();
      }
      tx.delete(ref);
      return Optional.of(read.apply(doc));
    }), what);
  }

  /** The gRPC status code somewhere in {@code error}'s causes, if any. */
  static Optional<Status.Code> statusCode(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ApiException api) {
        return Optional.of(Status.Code.valueOf(api.getStatusCode().getCode().name()));
      }
      if (t instanceof FirestoreException fe && fe.getStatus() != null) {
        return Optional.of(fe.getStatus().getCode());
      }
      if (t instanceof io.grpc.StatusRuntimeException sre) {
        return Optional.of(sre.getStatus().getCode());
      }
    }
    return Optional.empty();
  }
}
