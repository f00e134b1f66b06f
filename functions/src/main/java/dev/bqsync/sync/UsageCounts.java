package dev.bqsync.sync;

/** The counters of one usage section's run, in the order the run record and the answer show them. */
public record UsageCounts(long rowsRead, long rowsWritten, long rowsAlreadyPresent, long rowsRejected,
    long lateRowsRecovered, long rowsParked, long parkedRecovered, long rowsStillParked, long bigQueryJobs,
    long bytesProcessed, long durationMs) {
  public static final UsageCounts NONE = new UsageCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
