package dev.bqsync.gcp;

import com.google.cloud.bigquery.BigQueryException;
import dev.bqsync.core.NeedsAttentionException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs BigQuery calls with the retries the client leaves out: google-cloud-bigquery 2.67 hands a
 * 5xx from tables.get or tabledata.list straight to the caller (docs/bigquery-emulator.md). Errors
 * that need a person become NeedsAttentionException with what to change.
 */
final class BigQueryCalls {
  private static final Set<Integer> RETRYABLE = Set.of(500, 502, 503, 504);
  private static final int ATTEMPTS = 4;

  private BigQueryCalls() {}

  static <T> T call(String what, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (BigQueryException e) {
        if (RETRYABLE.contains(e.getCode()) && attempt < ATTEMPTS) {
          sleep(200L << attempt);
          continue;
        }
        throw translate(what, e);
      }
    }
  }

  static RuntimeException translate(String what, BigQueryException e) {
    String reason = e.getReason() == null ? "" : e.getReason();
    if (e.getCode() == 404 || reason.equals("notFound")) {
      return new NeedsAttentionException(what + ": not found in BigQuery (" + e.getMessage()
          + "); check the project, dataset and table names in the section's source");
    }
    if (e.getCode() == 403 && !reason.equals("rateLimitExceeded") && !reason.equals("quotaExceeded")) {
      return new NeedsAttentionException(what + ": access denied (" + e.getMessage() + "); grant the connected account "
          + "BigQuery Data Viewer on the dataset and BigQuery Job User on the billing project");
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry BigQuery", interrupted);
    }
  }
}
