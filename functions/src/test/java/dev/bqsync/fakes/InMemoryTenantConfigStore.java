package dev.bqsync.fakes;

import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.port.TenantConfigStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryTenantConfigStore implements TenantConfigStore {
  private final Map<String, TenantConfig> configs = new ConcurrentHashMap<>();

  @Override
  public void save(TenantConfig config) {
    configs.put(config.tenantId(), config);
  }

  @Override
  public Optional<TenantConfig> find(String tenantId) {
    return Optional.ofNullable(configs.get(tenantId));
  }
}
