package dev.bqsync.core;

import java.util.Optional;

/**
 * What a section's run cost, counted by the adapters of the thread that runs it (like
 * {@link RunBudget}, so no port method carries a counter): BigQuery jobs, the bytes they
 * processed and the time BigQuery spent running them (start to end, from the job statistics: what
 * of a run's wall time is BigQuery's, not the function's), rows BigQuery returned to the function, and CRM documents read (a count aggregation
 * as the reads it is billed: one per 1,000 index entries, at least one). Closing it restores the
 * previous meter.
 */
public final class RunMeter implements AutoCloseable {
  private static final ThreadScope<RunMeter> CURRENT = new ThreadScope<>();

  /** The totals of one run. */
  public record Totals(long bigQueryJobs, long bytesProcessed, long bigQueryMs, long rowsTransferred, long crmReads) {}

  private final RunMeter previous;
  private long jobs;
  private long bytes;
  private long bigQueryMs;
  private long rows;
  private long crmReads;

  private RunMeter(RunMeter previous) {
    this.previous = previous;
  }

  /** Starts counting for the calling thread until {@link #close}. */
  public static RunMeter open() {
    RunMeter meter = new RunMeter(CURRENT.get());
    CURRENT.set(meter);
    return meter;
  }

  public static Optional<RunMeter> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * A BigQuery job finished, having processed this many bytes and run this many milliseconds (0 for
   * either when BigQuery did not say).
   */
  public static void job(long bytesProcessed, long runMs) {
    RunMeter meter = CURRENT.get();
    if (meter != null) {
      meter.jobs++;
      meter.bytes += Math.max(0, bytesProcessed);
      meter.bigQueryMs += Math.max(0, runMs);
    }
  }

  public static void rowsTransferred(long n) {
    RunMeter meter = CURRENT.get();
    if (meter != null) {
      meter.rows += n;
    }
  }

  public static void crmReads(long n) {
    RunMeter meter = CURRENT.get();
    if (meter != null) {
      meter.crmReads += n;
    }
  }

  public Totals totals() {
    return new Totals(jobs, bytes, bigQueryMs, rows, crmReads);
  }

  @Override
  public void close() {
    CURRENT.restore(previous);
  }
}
