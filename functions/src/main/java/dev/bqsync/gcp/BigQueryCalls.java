package dev.bqsync.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobException;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import dev.bqsync.core.RunBudget;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
      "jobRateLimitExceeded", "internalError", "timeout");

  private BigQueryCalls() {}

  static <T> T call(String what, Supplier<T> call) {
    return Retrying.call(() -> {
      try {
        return call.get();
      } catch (BigQueryException e) {
        if (e.getCause() instanceof InterruptedException) {
          // gax's retry loop turns a read timeout (an InterruptedIOException) into an interrupt of this
          // thread; nothing in bqsync interrupts a run, so the flag is cleared, or every later wait
          // (the retry below, the next call) would fail at once. The timeout is retried as transient.
          Thread.interrupted();
        }
        throw translate(what, e);
      }
    });
  }

  /** A job gets at least this long, so a nearly spent budget still lets a small query finish. */
  static final Duration MIN_JOB_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Runs a query as a job whose {@code jobTimeoutMs} is what is left of the run's budget, so BigQuery
   * stops it when the run would give up anyway, and cancels it when the run gives up on it first
   * (a failure while waiting). With a job timeout, google-cloud-bigquery runs the job through
   * jobs.insert and polls jobs.getQueryResults (no jobs.query fast path). Outside a run (no
   * budget: the CLI's reads) it takes the fast path. {@code firstPage} caps the first page's rows.
   */
  static TableResult query(BigQuery bigquery, QueryJobConfiguration.Builder config, Long firstPage, String what) {
    return call(what, () -> {
      Optional<RunBudget> budget = RunBudget.current();
      try {
        if (budget.isEmpty()) {
          TableResult result = bigquery.query(config.setMaxResults(firstPage).build());
          meter(bigquery, result.getJobId());
          return result;
        }
        Duration left = Duration.between(budget.get().now(), budget.get().deadline());
        QueryJobConfiguration job = config.setMaxResults(null)
            .setJobTimeoutMs(Math.max(MIN_JOB_TIMEOUT.toMillis(), left.toMillis())).build();
        Job created = bigquery.create(JobInfo.of(JobId.of(UUID.randomUUID().toString()), job));
        try {
          TableResult result = firstPage == null ? created.getQueryResults()
              : created.getQueryResults(BigQuery.QueryResultsOption.pageSize(firstPage));
          meter(bigquery, created.getJobId());
          return result;
        } catch (RuntimeException | InterruptedException e) {
          cancelQuietly(created);
          throw e;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientException("interrupted while " + what, e);
      } catch (JobException e) {
        throw asBigQueryException(e);
      }
    });
  }

  /**
   * Counts a finished job and its bytes processed on the run's meter (a CRM sync's cost, in its run
   * record). The statistics are one jobs.get, asked only while a meter is open; a failure to read
   * them counts the job with 0 bytes rather than failing a run whose work is done.
   */
  private static void meter(BigQuery bigquery, JobId jobId) {
    if (dev.bqsync.core.RunMeter.current().isEmpty()) {
      return;
    }
    Job job = null;
    try {
      job = jobId == null ? null : bigquery.getJob(jobId);
    } catch (RuntimeException unknown) {
      // the bytes and time stay unknown (0); the job is still counted
    }
    meter(job);
  }

  /** Counts a finished job with its bytes processed and the time it ran, as far as its statistics say. */
  private static void meter(Job job) {
    long bytes = 0;
    long runMs = 0;
    if (job != null && job.getStatistics() != null) {
      var stats = job.getStatistics();
      if (stats instanceof com.google.cloud.bigquery.JobStatistics.QueryStatistics query
          && query.getTotalBytesProcessed() != null) {
        bytes = query.getTotalBytesProcessed();
      }
      if (stats.getStartTime() != null && stats.getEndTime() != null) {
        runMs = stats.getEndTime() - stats.getStartTime();
      }
    }
    dev.bqsync.core.RunMeter.job(bytes, runMs);
  }

  /**
   * Loads newline-delimited JSON, written by {@code rows}, into {@code table} through the upload
   * endpoint: one load job, which BigQuery does not bill, replacing what the table holds
   * (WRITE_TRUNCATE), so a retry after an outcome-unknown failure can never load the rows twice.
   * The table must exist with {@code schema}. Counted on the run's meter as a job of 0 bytes (BigQuery
   * does not bill loads) and the time it ran.
   */
  static void load(BigQuery bigquery, com.google.cloud.bigquery.TableId table, com.google.cloud.bigquery.Schema schema,
      Map<String, String> labels, java.util.function.Consumer<java.io.OutputStream> rows, String what) {
    call(what, () -> {
      com.google.cloud.bigquery.WriteChannelConfiguration config = com.google.cloud.bigquery.WriteChannelConfiguration
          .newBuilder(table).setFormatOptions(com.google.cloud.bigquery.FormatOptions.json()).setSchema(schema)
          .setCreateDisposition(JobInfo.CreateDisposition.CREATE_NEVER)
          .setWriteDisposition(JobInfo.WriteDisposition.WRITE_TRUNCATE).setLabels(labels).build();
      com.google.cloud.bigquery.TableDataWriteChannel channel = bigquery.writer(JobId.of(UUID.randomUUID().toString()),
          config);
      try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
          1 << 20)) {
        rows.accept(out);
      } catch (java.io.IOException e) {
        throw new BigQueryException(e); // a failed upload: transient (no HTTP code, an IOException)
      } catch (java.io.UncheckedIOException e) {
        throw new BigQueryException(e.getCause());
      }
      Job job;
      try {
        job = channel.getJob().waitFor();
        if (job == null) {
          throw new BigQueryException(503, "the load job into " + table + " disappeared", (BigQueryError) null);
        }
        if (job.getStatus().getError() != null) {
          throw asBigQueryException(job.getStatus().getError());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientException("interrupted while " + what, e);
      }
      meter(job);
      return null;
    });
  }

  /** The run gives up on this job: BigQuery should stop it (and stop billing it). Best effort. */
  private static void cancelQuietly(Job job) {
    try {
      job.cancel();
    } catch (RuntimeException ignored) {
      // the job may be done already, or BigQuery unreachable: its job timeout still stops it
    }
  }

  /** A failed job's first error, with the HTTP code BigQuery gives that reason, for {@link #translate}. */
  static BigQueryException asBigQueryException(JobException e) {
    return asBigQueryException(e.getErrors() == null || e.getErrors().isEmpty() ? null : e.getErrors().get(0));
  }

  /** A job's error, with the HTTP code BigQuery gives its reason. */
  static BigQueryException asBigQueryException(BigQueryError first) {
    String reason = first == null ? "" : String.valueOf(first.getReason());
    int code = switch (reason) {
      case "notFound" -> 404;
      case "accessDenied", "quotaExceeded", "billingNotEnabled" -> 403;
      case "rateLimitExceeded", "jobRateLimitExceeded" -> 429;
      case "backendError", "internalError", "timeout" -> 503;
      default -> 400;
    };
    return new BigQueryException(code, first == null ? "the job failed" : first.getMessage(), first);
  }

  static boolean isTransient(BigQueryException e) {
    String reason = e.getReason() == null ? "" : e.getReason();
    return e.getCode() >= 500 || e.getCode() == 429 || TRANSIENT_REASONS.contains(reason)
        || (e.getCode() == 0 && (e.getCause() instanceof java.io.IOException
            || e.getCause() instanceof InterruptedException)) || touchesStreamingBuffer(e);
  }

  /**
   * A MERGE, UPDATE or DELETE that would change rows still in the table's streaming buffer is refused
   * (invalidQuery). The rows leave the buffer within minutes to an hour, so it is a retry later
   * (the section ends "will retry"), not something a person must fix.
   */
  static boolean touchesStreamingBuffer(BigQueryException e) {
    return e.getMessage() != null && e.getMessage().contains("would affect rows in the streaming buffer");
  }

  static RuntimeException translate(String what, BigQueryException e) {
    String reason = e.getReason() == null ? "" : e.getReason();
    if (isTransient(e)) {
      return new TransientException(what + ": BigQuery is unavailable or busy (" + e.getCode() + " " + reason + ": "
          + e.getMessage() + ")", e);
    }
    if (e.getCode() == 404 || reason.equals("notFound")) {
      return new NeedsAttentionException(what + ": not found in BigQuery (" + e.getMessage()
          + "); check the project, dataset and table names in the section's source", e);
    }
    if (e.getCode() == 403 && !reason.equals("quotaExceeded")) {
      return new NeedsAttentionException(what + ": access denied (" + e.getMessage() + "); grant the connected account "
          + "BigQuery Data Viewer on the dataset and BigQuery Job User on the billing project", e);
    }
    if (reason.equals("quotaExceeded")) {
      return new NeedsAttentionException(what + ": a BigQuery quota is exhausted (" + e.getMessage() + "); raise the "
          + "quota of the billing project or run this section less often", e);
    }
    if (reason.equals("bytesBilledLimitExceeded")) {
      return new NeedsAttentionException(what + ": " + e.getMessage() + "; raise connection.maximumBytesBilled or make "
          + "the source cheaper to scan (partition or cluster it on the key)", e);
    }
    if (e.getCode() == 400) {
      return new NeedsAttentionException(what + ": BigQuery refused the query (" + e.getMessage() + ")", e);
    }
    return e;
  }
}
