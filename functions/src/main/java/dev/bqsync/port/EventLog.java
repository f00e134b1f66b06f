package dev.bqsync.port;

import dev.bqsync.core.log.LogEvent;

/** Where structured log events go (Cloud Logging in production). */
public interface EventLog {
  void emit(LogEvent event);
}
