package dev.bqsync.sync;

import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.port.RowStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Batches of a row stream, the next one read (one BigQuery page) on a single thread while the
 * caller writes the current one. At most one batch is read ahead, so memory stays at two batches;
 * only the reader thread touches the stream until {@link #close()} has waited for it.
 */
final class PrefetchedBatches implements AutoCloseable {
  private final RowStream rows;
  private final int size;
  private final ExecutorService reader;
  private Future<List<SourceRow>> next;

  PrefetchedBatches(RowStream rows, int size) {
    this.rows = rows;
    this.size = size;
    this.reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "usage-pull-prefetch");
      t.setDaemon(true);
      return t;
    });
    this.next = reader.submit(this::take);
  }

  /** The next batch (empty at the end), and starts reading the one after it. */
  List<SourceRow> next() {
    List<SourceRow> batch;
    try {
      batch = next.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the next batch", e);
    } catch (ExecutionException e) {
      // The read's own failure, so it is classified (transient, needs a person) as without prefetch.
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
    next = batch.isEmpty() ? null : reader.submit(this::take);
    return batch;
  }

  private List<SourceRow> take() {
    List<SourceRow> batch = new ArrayList<>(Math.min(size, 10_000));
    while (batch.size() < size && rows.hasNext()) {
      batch.add(rows.next());
    }
    return batch;
  }

  /** Waits for a read in flight (its batch is dropped), so the stream can be closed or asked safely. */
  @Override
  public void close() {
    reader.shutdown();
    try {
      while (!reader.awaitTermination(1, TimeUnit.SECONDS)) {
        // a page read in flight ends with its HTTP call (retries are bounded by the run's budget)
      }
    } catch (InterruptedException e) {
      reader.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
