package dev.bqsync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of calls per API operation and the query jobs run, for tests that count BigQuery work. */
final class RequestLog {
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final List<ExecutedJob> jobs = new ArrayList<>();

  void record(String operation) {
    counts.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
  }

  long count(String operation) {
    AtomicLong n = counts.get(operation);
    return n == null ? 0 : n.get();
  }

  Map<String, Long> counts() {
    Map<String, Long> out = new java.util.TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  synchronized void job(Job job) {
    jobs.add(new ExecutedJob(job.project, job.jobId, job.query(), job.statementType, job.labels(), job.bytesProcessed,
        job.bytesBilled, job.dmlAffectedRows, job.error == null ? null : job.error.reason()));
  }

  synchronized List<ExecutedJob> jobs() {
    return List.copyOf(jobs);
  }

  synchronized void clear() {
    counts.clear();
    jobs.clear();
  }
}
