package dev.bqsync.port;

import dev.bqsync.core.usage.SourceRow;
import java.util.Iterator;

/** The rows of one query, fetched page by page as they are consumed. */
public interface RowStream extends Iterator<SourceRow>, AutoCloseable {
  /** Bytes the query processed (known once it ran). */
  long bytesProcessed();

  @Override
  void close();
}
