package dev.bqsync.port;

import dev.bqsync.core.state.ConnectionStatus;
import java.util.Optional;

/** Keeps each tenant's connection health. */
public interface ConnectionStatusStore {
  /**
   * Stores {@code next} if the stored generation is still {@code expectedGeneration} (0 when none
   * is stored), atomically; false when another connect or revocation got there first.
   */
  boolean advance(String tenantId, long expectedGeneration, ConnectionStatus next);

  Optional<ConnectionStatus> find(String tenantId);
}
