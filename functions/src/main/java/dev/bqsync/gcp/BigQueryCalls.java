package dev.bqsync.gcp;

import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.QueryJobConfiguration;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.Retrying;
import dev.bqsync.core.TransientException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs BigQuery calls and says what their failures are: 5xx, 429, {@code rateLimitExceeded} and
 * {@code backendError} are {@link TransientException} (retried here with backoff while the run's
 * budget allows, since google-cloud-bigquery 2.67 hands a 5xx from tables.get or tabledata.list
 * straight to the caller: docs/bigquery-emulator.md); errors a person must fix become
 * NeedsAttentionException with what to change; anything else is left as it is, a bug.
 */
final class BigQueryCalls {
  private static final Set<String> TRANSIENT_REASONS = Set.of("rateLimitExceeded", "backendError",
      "jobRateLimitExceeded", "internalError");

  private BigQueryCalls() {}

  static <T> T call(String what, Supplier<T> call) {
    return Retrying.call(() -> {
      try {
        return call.get();
      } catch (BigQueryException e) {
        throw translate(what, e);
      }
    });
  }

  /**
   * The job as configured. It does not set a job timeout yet: with {@code jobTimeoutMs} set,
   * google-cloud-bigquery 2.67 leaves the jobs.query fast path for jobs.insert plus polling (one
   * more round trip per query, and a protocol the emulator's fault tests do not cover), so the
   * budget is enforced by the run between batches instead (docs/failures.md, "not done").
   */
  static QueryJobConfiguration withinBudget(QueryJobConfiguration.Builder job) {
    return job.build();
  }

  static boolean isTransient(BigQueryException e) {
    String reason = e.getReason() == null ? "" : e.getReason();
    return e.getCode() >= 500 || e.getCode() == 429 || TRANSIENT_REASONS.contains(reason)
        || (e.getCode() == 0 && e.getCause() instanceof java.io.IOException);
  }

  static RuntimeException translate(String what, BigQueryException e) {
    String reason = e.getReason() == null ? "" : e.getReason();
    if (isTransient(e)) {
      return new TransientException(what + ": BigQuery is unavailable or busy (" + e.getCode() + " " + reason + ": "
          + e.getMessage() + ")", e);
    }
    if (e.getCode() == 404 || reason.equals("notFound")) {
      return new NeedsAttentionException(what + ": not found in BigQuery (" + e.getMessage()
          + "); check the project, dataset and table names in the section's source");
    }
    if (e.getCode() == 403 && !reason.equals("quotaExceeded")) {
      return new NeedsAttentionException(what + ": access denied (" + e.getMessage() + "); grant the connected account "
          + "BigQuery Data Viewer on the dataset and BigQuery Job User on the billing project");
    }
    if (reason.equals("quotaExceeded")) {
      return new NeedsAttentionException(what + ": a BigQuery quota is exhausted (" + e.getMessage() + "); raise the "
          + "quota of the billing project or run this section less often");
    }
    if (reason.equals("bytesBilledLimitExceeded")) {
      return new NeedsAttentionException(what + ": " + e.getMessage() + "; raise connection.maximumBytesBilled or make "
          + "the source cheaper to scan (partition or cluster it on the key)");
    }
    if (e.getCode() == 400) {
      return new NeedsAttentionException(what + ": BigQuery refused the query (" + e.getMessage() + ")");
    }
    return e;
  }
}
