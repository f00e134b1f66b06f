package dev.bqsync.fakes;

import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.port.ConnectionStatusStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryConnectionStatusStore implements ConnectionStatusStore {
  private final Map<String, ConnectionStatus> statuses = new ConcurrentHashMap<>();

  @Override
  public synchronized boolean advance(String tenantId, long expectedGeneration, ConnectionStatus next) {
    long stored = statuses.containsKey(tenantId) ? statuses.get(tenantId).generation() : 0;
    if (stored != expectedGeneration) {
      return false;
    }
    statuses.put(tenantId, next);
    return true;
  }

  @Override
  public Optional<ConnectionStatus> find(String tenantId) {
    return Optional.ofNullable(statuses.get(tenantId));
  }
}
