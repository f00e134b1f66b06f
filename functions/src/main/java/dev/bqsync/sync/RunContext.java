package dev.bqsync.sync;

import dev.bqsync.core.log.TraceContext;
import dev.bqsync.core.state.Lease;
import java.time.Instant;

/**
 * One run as its sections see it: its id, when it started, when its time budget ends, the lease
 * its fenced writes prove (null on a dry run, which writes nothing), and the request's trace.
 */
public record RunContext(String runId, Instant started, Instant deadline, Lease lease, TraceContext trace,
    JobRequest request) {}
