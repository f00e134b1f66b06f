package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;

import com.google.api.core.ApiFutures;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.firestore.WriteBatch;
import dev.bqsync.core.TransientException;
import dev.bqsync.core.state.Cursor;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.LeaseResult;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.port.LeaseStore;
import dev.bqsync.sync.JobRequest;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.UsageTestbed;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outcomes the Firestore emulator cannot produce on its own: a commit that landed but answered
 * DEADLINE_EXCEEDED, a lease release that throws (Mockito around the real client), and ABORTED
 * commits inside a transaction (a gRPC interceptor in front of the emulator, so the client's own
 * transaction retry runs for real).
 */
class UnknownOutcomeCasesTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private UsageTestbed bed;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
  }

  /** The real client, except that each lease batch commits and then answers {@code status}, or fails unsent. */
  private Firestore commitsAnswering(Status status, boolean lands) {
    Firestore real = bed.firestore;
    Firestore db = mock(Firestore.class, delegatesTo(real));
    doAnswer(call -> {
      WriteBatch batch = spy(real.batch());
      doAnswer(commit -> {
        if (lands) {
          ((com.google.api.core.ApiFuture<?>) commit.callRealMethod()).get();
        }
        return ApiFutures.immediateFailedFuture(new StatusRuntimeException(status));
      }).when(batch).commit();
      return batch;
    }).when(db).batch();
    return db;
  }

  @Test
  void aLeaseWriteThatLandedButAnsweredDeadlineExceededCountsAsAcquired() {
    FirestoreLeaseStore leases = new FirestoreLeaseStore(commitsAnswering(Status.DEADLINE_EXCEEDED, true), clock);

    LeaseResult result = leases.tryAcquire("acme", JobKind.USAGE_PULL, "run-1", Duration.ofMinutes(5));

    assertThat(result).isInstanceOf(LeaseResult.Acquired.class);
    assertThat(new FirestoreLeaseStore(bed.firestore, clock).held("acme")).extracting(Lease::holder)
        .containsExactly("run-1");
  }

  @Test
  void aLeaseWriteThatNeverLandsIsNotMistakenForAcquired() {
    FirestoreLeaseStore leases = new FirestoreLeaseStore(commitsAnswering(Status.DEADLINE_EXCEEDED, false), clock);

    assertThatThrownBy(() -> leases.tryAcquire("acme", JobKind.USAGE_PULL, "run-1", Duration.ofMinutes(5)))
        .isInstanceOf(TransientException.class).hasMessageContaining("could not settle lease acme/usage");
    assertThat(new FirestoreLeaseStore(bed.firestore, clock).held("acme")).isEmpty();
  }

  @Test
  void aReleaseThatThrowsNeitherHidesTheRunsResultNorGoesUnlogged() {
    UsageTestbed.Ports real = bed.ports(clock);
    LeaseStore leases = spy(real.leases());
    doThrow(new TransientException("Firestore is unavailable while releasing lease acme/usage", null))
        .when(leases).release(any());
    bed.logins(1, 2, "ada@acme.example");
    UsageTestbed.Ports ports = new UsageTestbed.Ports(real.tenants(), real.connections(), leases, real.cursors(),
        real.runLog(), real.log(), real.warehouses(), real.sink(), real.directory(), real.parking(), clock);

    var result = UsageTestbed.job(ports).run(JobRequest.usage("acme", "logins", false), null);

    assertThat(result.sections()).extracting(s -> s.status()).containsExactly(RunStatus.OK);
    assertThat(bed.documents("userActivities")).hasSize(2);
    assertThat(bed.logText()).contains("could not release the").contains("releasing lease acme/usage");
  }

  @Test
  void abortedCommitsAreRetriedByTheTransactionAndTheCursorMovesOnce() throws Exception {
    AtomicInteger commits = new AtomicInteger();
    try (Firestore db = abortingCommits(2, commits)) {
      FirestoreCursorStore cursors = new FirestoreCursorStore(db, clock);
      Lease lease = heldLease(db);

      cursors.commit("acme", Cursor.start("logins").at(java.math.BigInteger.valueOf(41), clock.instant()), lease);

      assertThat(commits.get()).as("two aborted attempts, then the third landed").isEqualTo(3);
      assertThat(cursors.find("acme", "logins").orElseThrow().describe()).isEqualTo("41");
    }
  }

  @Test
  void commitsAbortedOnEveryAttemptEndTransientNotAsABug() throws Exception {
    try (Firestore db = abortingCommits(Integer.MAX_VALUE, new AtomicInteger())) {
      FirestoreCursorStore cursors = new FirestoreCursorStore(db, clock);
      Lease lease = heldLease(db);

      assertThatThrownBy(() -> cursors.commit("acme", Cursor.start("logins").at(java.math.BigInteger.valueOf(41), clock.instant()), lease))
          .isInstanceOf(TransientException.class).hasMessageContaining("ABORTED");
    }
  }

  private Lease heldLease(Firestore db) {
    return ((LeaseResult.Acquired) new FirestoreLeaseStore(bed.firestore, clock)
        .tryAcquire("acme", JobKind.USAGE_PULL, "run-1", Duration.ofMinutes(5))).lease();
  }

  /** A client on the emulator whose first {@code aborts} Commit calls fail ABORTED; {@code commits} counts them all. */
  private static Firestore abortingCommits(int aborts, AtomicInteger commits) {
    ClientInterceptor aborting = new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        if (!method.getFullMethodName().endsWith("/Commit") || commits.incrementAndGet() > aborts) {
          return next.newCall(method, options);
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<A> listener, Metadata headers) {
            listener.onClose(Status.ABORTED.withDescription("injected contention"), new Metadata());
          }

          @Override
          public void sendMessage(Q message) { }

          @Override
          public void halfClose() { }

          @Override
          public void request(int n) { }
        };
      }
    };
    return FirestoreOptions.newBuilder()
        .setProjectId(FirestoreEmulator.PROJECT)
        .setHost(FirestoreEmulator.shared().hostPort())
        .setCredentials(new FirestoreOptions.EmulatorCredentials())
        .setChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
            .setEndpoint(FirestoreEmulator.shared().hostPort())
            .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
            .setInterceptorProvider(() -> List.of(aborting))
            .build())
        .build().getService();
  }
}
