package dev.bqsync.fakes;

import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.port.ConnectionStatusStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryConnectionStatusStore implements ConnectionStatusStore {
  private final Map<String, ConnectionStatus> statuses = new ConcurrentHashMap<>();

  @Override
  public void record(String tenantId, ConnectionStatus status) {
    statuses.put(tenantId, status);
  }

  @Override
  public Optional<ConnectionStatus> find(String tenantId) {
    return Optional.ofNullable(statuses.get(tenantId));
  }
}
