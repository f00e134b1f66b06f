package dev.bqsync.port;

import dev.bqsync.core.state.ConnectionStatus;
import java.util.Optional;

/** Keeps each tenant's connection health. */
public interface ConnectionStatusStore {
  void record(String tenantId, ConnectionStatus status);

  Optional<ConnectionStatus> find(String tenantId);
}
