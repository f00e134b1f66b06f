package dev.bqsync.emulator;

import java.util.Map;

/** A query job as tests see it: what ran, with which labels, what it cost, and how it ended. */
public record ExecutedJob(String project, String jobId, String query, String statementType, Map<String, String> labels,
    long bytesProcessed, long bytesBilled, Long dmlAffectedRows, String errorReason) {}
