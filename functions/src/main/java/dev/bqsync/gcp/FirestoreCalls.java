package dev.bqsync.gcp;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.FirestoreException;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** Waits for Firestore futures and tells what gRPC status a failure carried. */
final class FirestoreCalls {
  private FirestoreCalls() {}

  static <T> T await(ApiFuture<T> future, String what) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateStoreException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      throw new StateStoreException("Firestore failed while " + what + ": " + e.getCause().getMessage(), e.getCause());
    }
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
