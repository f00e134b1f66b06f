package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.state.RunFilter;
import dev.bqsync.core.state.RunPosition;
import dev.bqsync.core.state.RunRecord;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.port.RunLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

abstract class RunLogContract {
  protected abstract RunLog log();

  static RunRecord run(String tenant, String runId, Instant startedAt, RunStatus status) {
    return new RunRecord(runId, tenant, JobKind.USAGE_PULL, "logins", status, startedAt,
        startedAt.plusSeconds(3), Map.of("rowsRead", 120L, "rowsWritten", 118L), "100", "220",
        Map.of("DATE_UNPARSEABLE", 2L), List.of(new RejectedRow("150", "DATE_UNPARSEABLE", "'yesterday' in event_time")),
        List.of("a warning"), null, startedAt.plus(Duration.ofDays(30)));
  }

  @Test
  void aRecordedRunIsReadBackWhole() {
    RunRecord run = run("acme", "20261123T100000Z-a1", Instant.parse("2026-11-23T10:00:00Z"), RunStatus.PARTIAL);

    log().record(run);

    assertThat(log().recent("acme", 10)).containsExactly(run);
  }

  @Test
  void recentRunsComeNewestFirstAndOnlyTheTenants() {
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    log().record(run("acme", "r1", t, RunStatus.OK));
    log().record(run("acme", "r3", t.plusSeconds(600), RunStatus.FAILED));
    log().record(run("acme", "r2", t.plusSeconds(300), RunStatus.OK));
    log().record(run("globex", "r4", t.plusSeconds(900), RunStatus.OK));

    assertThat(log().recent("acme", 2)).extracting(RunRecord::runId).containsExactly("r3", "r2");
  }

  @Test
  void pagesFilterByJobSectionAndStatusAndNeverSkipRecordsThatShareAStart() {
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    // One run's sections share a start: a page boundary between them must not lose one.
    for (String id : List.of("r1-a", "r1-b", "r1-c", "r2-a")) {
      log().record(run("acme", id, id.startsWith("r1") ? t : t.plusSeconds(60), RunStatus.OK));
    }
    log().record(crm(run("acme", "r3-companies", t.plusSeconds(120), RunStatus.FAILED)));

    List<RunRecord> first = log().page("acme", RunFilter.ANY, null, 2);
    List<RunRecord> second = log().page("acme", RunFilter.ANY, position(first.get(1)), 2);
    List<RunRecord> third = log().page("acme", RunFilter.ANY, position(second.get(1)), 2);

    assertThat(first).extracting(RunRecord::runId).containsExactly("r3-companies", "r2-a");
    assertThat(second).extracting(RunRecord::runId).containsExactly("r1-c", "r1-b");
    assertThat(third).extracting(RunRecord::runId).containsExactly("r1-a");
    assertThat(log().page("acme", new RunFilter(JobKind.CRM_SYNC, null, null), null, 10))
        .extracting(RunRecord::runId).containsExactly("r3-companies");
    assertThat(log().page("acme", new RunFilter(JobKind.USAGE_PULL, "logins", RunStatus.OK), null, 10)).hasSize(4);
    assertThat(log().page("acme", new RunFilter(null, null, RunStatus.FAILED), null, 10))
        .extracting(RunRecord::runId).containsExactly("r3-companies");
    assertThat(log().page("globex", RunFilter.ANY, null, 10)).isEmpty();
  }

  @Test
  void oneRecordIsFoundByItsIdWithinItsTenantOnly() {
    RunRecord run = run("acme", "r9-logins", Instant.parse("2026-11-23T10:00:00Z"), RunStatus.OK);
    log().record(run);

    assertThat(log().find("acme", "r9-logins")).contains(run);
    assertThat(log().find("globex", "r9-logins")).isEmpty();
    assertThat(log().find("acme", "r8-logins")).isEmpty();
  }

  private static RunPosition position(RunRecord run) {
    return new RunPosition(run.startedAt(), run.runId());
  }

  private static RunRecord crm(RunRecord r) {
    return new RunRecord(r.runId(), r.tenantId(), JobKind.CRM_SYNC, "companies", r.status(), r.startedAt(),
        r.finishedAt(), r.counts(), null, null, r.rejectionsByReason(), r.rejectedSamples(), r.warnings(), "boom",
        r.expireAt());
  }
}
