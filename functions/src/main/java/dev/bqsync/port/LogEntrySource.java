package dev.bqsync.port;

import dev.bqsync.core.log.LogQuery;
import dev.bqsync.core.log.LoggedEntry;
import java.util.List;

/** Where the lines the functions wrote can be read back (Cloud Logging in production). */
public interface LogEntrySource {
  /** The entries {@code query} asks for, newest first, at most {@code query.limit()}. */
  List<LoggedEntry> newestFirst(LogQuery query);
}
