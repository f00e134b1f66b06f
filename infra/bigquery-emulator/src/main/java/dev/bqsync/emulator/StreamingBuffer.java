package dev.bqsync.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows written by insertAll, as BigQuery keeps them in a table's streaming buffer until they are
 * flushed to managed storage: queries see them at once, but {@code tables.get} counts them under
 * {@code streamingBuffer} instead of {@code numRows}/{@code numBytes}, DML may not change them, and
 * {@code lastModifiedTime} moves only when they are flushed (the documentation promises no
 * earlier change, so the emulator takes the strict reading). Each insertAll call is one batch,
 * flushed {@code delay} after it arrived; with a zero delay nothing is buffered. A batch is
 * identified by the DuckDB row ids its rows were given.
 */
final class StreamingBuffer {
  record Batch(long rows, long bytes, long arrivedAt, long firstRowId, long lastRowId) {}

  record Stats(long rows, long bytes, long oldestEntryTime) {}

  private Duration delay;
  private final Map<TableName, List<Batch>> batches = new HashMap<>();

  StreamingBuffer(Duration delay) {
    delay(delay);
  }

  synchronized void delay(Duration delay) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("the streaming flush delay must be zero or more, not " + delay);
    }
    this.delay = delay;
  }

  synchronized boolean enabled() {
    return !delay.isZero();
  }

  synchronized void add(TableName table, Batch batch) {
    batches.computeIfAbsent(table, t -> new ArrayList<>()).add(batch);
  }

  /** Drops the batches due by {@code now}; returns the tables that had some flushed. */
  synchronized List<TableName> flushDue(long now) {
    List<TableName> flushed = new ArrayList<>();
    batches.entrySet().removeIf(entry -> {
      boolean any = entry.getValue().removeIf(b -> b.arrivedAt() + delay.toMillis() <= now);
      if (any) {
        flushed.add(entry.getKey());
      }
      return entry.getValue().isEmpty();
    });
    return flushed;
  }

  synchronized Optional<Stats> stats(TableName table) {
    List<Batch> list = batches.get(table);
    if (list == null || list.isEmpty()) {
      return Optional.empty();
    }
    long rows = list.stream().mapToLong(Batch::rows).sum();
    long bytes = list.stream().mapToLong(Batch::bytes).sum();
    long oldest = list.stream().mapToLong(Batch::arrivedAt).min().orElseThrow();
    return Optional.of(new Stats(rows, bytes, oldest));
  }

  synchronized List<Batch> batches(TableName table) {
    return List.copyOf(batches.getOrDefault(table, List.of()));
  }

  /** A table dropped, replaced or truncated starts without a buffer. */
  synchronized void forget(TableName table) {
    batches.remove(table);
  }

  synchronized void clear() {
    batches.clear();
  }
}
