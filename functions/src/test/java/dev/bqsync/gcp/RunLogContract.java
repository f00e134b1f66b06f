package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.RejectedRow;
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
}
