package dev.bqsync.core.log;

import dev.bqsync.core.config.Identifiers;
import dev.bqsync.core.state.JobKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Which log entries an operator asks for: one tenant's (required), optionally narrowed to a job,
 * section or run, entries from the last {@code since}, at or above {@code minSeverity} (null: all),
 * at most {@code limit}, newest first.
 */
public record LogQuery(String tenantId, String job, String sectionId, String runId, Duration since,
    Severity minSeverity, int limit) {
  public static final Duration DEFAULT_SINCE = Duration.ofDays(1);
  public static final int DEFAULT_LIMIT = 50;
  /** Cloud Logging's largest page; more than that is not a screenful anyone reads. */
  public static final int MAX_LIMIT = 1000;
  /** The job labels lines carry: the scheduled jobs, and the OAuth flow's "oauth". */
  public static final List<String> JOBS = Stream.concat(Arrays.stream(JobKind.values()).map(JobKind::id),
      Stream.of("oauth")).toList();
  // Run ids are made by RunIds (20261123-101530-3f9a1c2e); this only keeps out what no id contains.

  public LogQuery {
    Objects.requireNonNull(tenantId, "tenantId");
    since = since == null ? DEFAULT_SINCE : since;
  }

  public static LogQuery forTenant(String tenantId) {
    return new LogQuery(tenantId, null, null, null, DEFAULT_SINCE, null, DEFAULT_LIMIT);
  }

  /** What is wrong with this query, each problem with what to use instead; empty when it can run. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    Identifiers.tenantIdProblem(tenantId).ifPresent(problems::add);
    if (job != null && !JOBS.contains(job)) {
      problems.add("'" + job + "' is not a job: use one of " + String.join(", ", JOBS));
    }
    if (sectionId != null) {
      Identifiers.sectionIdProblem(sectionId).ifPresent(problems::add);
    }
    if (runId != null) {
      Identifiers.runIdProblem(runId).ifPresent(problems::add);
    }
    if (since.isNegative() || since.isZero()) {
      problems.add("--since must look back some time: use for example 30m, 1h, 2d or PT1H");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      problems.add("--limit " + limit + " is out of range: use 1 to " + MAX_LIMIT);
    }
    return problems;
  }
}
