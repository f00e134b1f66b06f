package dev.bqsync.sync;

import dev.bqsync.function.HttpAnswers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bqsync.core.state.Cursor;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.core.usage.UsageRecord;
import dev.bqsync.port.CursorStore;
import dev.bqsync.port.RunLog;
import dev.bqsync.port.UsageSink;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.UsageTestbed;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Crash safety: a failure after reading, halfway through writing a page, after writing but before
 * the cursor commit, and after the commit but before the run log. After a rerun the CRM must be
 * exactly what a clean run leaves: nothing lost, nothing counted twice.
 */
class UsagePullCrashTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

  private static UsageTestbed seeded() {
    UsageTestbed bed = UsageTestbed.fresh();
    bed.logins(1, 7, "ada@acme.example");
    bed.sql("INSERT INTO usage.api_calls VALUES ('1', 'c1', '10', '2026-11-23'), ('2', 'c1', '5', '2026-11-23'), "
        + "('3', 'c2', '7', '2026-11-23'), ('4', 'c1', '2', '2026-11-23'), ('5', 'c1', '1', '2026-11-24'), "
        + "('6', 'c2', '4', '2026-11-23'), ('7', 'c1', '3', '2026-11-23')");
    return bed;
  }

  private String cleanState() {
    UsageTestbed bed = seeded();
    JobResult<SectionOutcome> result = bed.job(clock).run(JobRequest.usage(UsageTestbed.TENANT, null, true), null);
    assertThat(result.sections()).extracting(SectionOutcome::status).containsOnly(RunStatus.OK);
    return bed.usageState();
  }

  /** Runs once with a crash, then reruns normally until every section is OK; returns the end state. */
  private String crashThenRecover(UnaryOperator<UsageTestbed.Ports> crashing, boolean crashEscapes) {
    UsageTestbed bed = seeded();
    UsagePullJob faulty = UsageTestbed.job(crashing.apply(bed.ports(clock)));
    if (crashEscapes) {
      assertThatThrownBy(() -> faulty.run(JobRequest.usage(UsageTestbed.TENANT, null, true), null))
          .hasMessageContaining("injected crash");
    } else {
      JobResult<SectionOutcome> crashed = faulty.run(JobRequest.usage(UsageTestbed.TENANT, null, true), null);
      assertThat(HttpAnswers.status(crashed)).as("a crash is transient: Scheduler retries").isEqualTo(503);
    }
    UsagePullJob healthy = bed.job(clock);
    for (int attempt = 0; attempt < 5; attempt++) {
      JobResult<SectionOutcome> rerun = healthy.run(JobRequest.usage(UsageTestbed.TENANT, null, true), null);
      if (rerun.sections().stream().allMatch(s -> s.status() == RunStatus.OK || s.status() == RunStatus.SKIPPED_UNCHANGED)) {
        return bed.usageState();
      }
    }
    throw new AssertionError("the rerun did not converge");
  }

  private static UsageTestbed.Ports withSink(UsageTestbed.Ports p, UsageSink sink) {
    return new UsageTestbed.Ports(p.tenants(), p.connections(), p.leases(), p.cursors(), p.runLog(), p.log(),
        p.warehouses(), sink, p.directory(), p.parking(), p.clock());
  }

  /** The crash hits the second batch of {@code section} (metric points risk double counting; activities do not). */
  private static boolean secondBatchOf(String section, List<UsageRecord> records, AtomicInteger seen) {
    return !records.isEmpty() && records.get(0).sectionId().equals(section) && seen.incrementAndGet() == 2;
  }

  /** The real sink, except that the second batch of {@code section} keeps only {@code kept} rows and crashes. */
  private static UsageSink crashingOnSecondBatch(UsageSink real, String section, AtomicInteger seen, IntUnaryOperator kept,
      String crash) {
    return (tenantId, records) -> {
      if (secondBatchOf(section, records, seen)) {
        int keep = kept.applyAsInt(records.size());
        if (keep > 0) {
          real.write(tenantId, records.subList(0, keep));
        }
        throw new dev.bqsync.core.TransientException(crash, null);
      }
      return real.write(tenantId, records);
    };
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"api-calls", "logins"})
  void aCrashAfterReadingLosesNothing(String section) {
    String clean = cleanState();
    AtomicInteger seen = new AtomicInteger();
    String recovered = crashThenRecover(p -> withSink(p, crashingOnSecondBatch(p.sink(), section, seen, size -> 0,
        "injected crash after reading")), false);

    assertThat(recovered).isEqualTo(clean);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"api-calls", "logins"})
  void aCrashHalfwayThroughWritingAPageCountsNothingTwice(String section) {
    String clean = cleanState();
    AtomicInteger seen = new AtomicInteger();
    String recovered = crashThenRecover(p -> withSink(p, crashingOnSecondBatch(p.sink(), section, seen,
        size -> size / 2 + 1, "injected crash halfway through a page")), false);

    assertThat(recovered).isEqualTo(clean);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"api-calls", "logins"})
  void aCrashAfterWritingButBeforeTheCursorCommitCountsNothingTwice(String section) {
    String clean = cleanState();
    String recovered = crashThenRecover(p -> new UsageTestbed.Ports(p.tenants(), p.connections(), p.leases(),
        new CursorStore() {
          private int commits;

          @Override
          public Optional<Cursor> find(String tenantId, String sectionId) {
            return p.cursors().find(tenantId, sectionId);
          }

          @Override
          public void commit(String tenantId, Cursor cursor, dev.bqsync.core.state.Lease lease) {
            if (cursor.sectionId().equals(section) && ++commits == 2) {
              throw new dev.bqsync.core.TransientException("injected crash before the cursor commit", null);
            }
            p.cursors().commit(tenantId, cursor, lease);
          }

          @Override
          public dev.bqsync.core.state.Cursor reset(String tenantId, String sectionId, boolean newGeneration) {
            return p.cursors().reset(tenantId, sectionId, newGeneration);
          }
        }, p.runLog(), p.log(), p.warehouses(), p.sink(), p.directory(), p.parking(), p.clock()), false);

    assertThat(recovered).isEqualTo(clean);
  }

  @Test
  void aCrashAfterTheCommitButBeforeTheRunLogLosesNothing() {
    String clean = cleanState();
    String recovered = crashThenRecover(p -> new UsageTestbed.Ports(p.tenants(), p.connections(), p.leases(),
        p.cursors(), new RunLog() {
          @Override
          public void record(RunRecord run) {
            if (run.status() == RunStatus.RUNNING) {
              p.runLog().record(run);
              return;
            }
            throw new IllegalStateException("injected crash before the run log");
          }

          @Override
          public int abandon(String tenantId, dev.bqsync.core.state.JobKind job, String runId, String message,
              java.time.Instant at) {
            return p.runLog().abandon(tenantId, job, runId, message, at);
          }

          @Override
          public List<RunRecord> page(String tenantId, dev.bqsync.core.state.RunFilter filter,
              dev.bqsync.core.state.RunPosition after, int limit) {
            return p.runLog().page(tenantId, filter, after, limit);
          }

          @Override
          public java.util.Optional<RunRecord> find(String tenantId, String recordId) {
            return p.runLog().find(tenantId, recordId);
          }
        }, p.log(), p.warehouses(), p.sink(), p.directory(), p.parking(), p.clock()), true);

    assertThat(recovered).isEqualTo(clean);
  }
}
