package dev.bqsync.fakes;

import dev.bqsync.core.config.StoredConfig;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.port.TenantConfigStore;
import dev.bqsync.port.TenantDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

public final class InMemoryTenantConfigStore implements TenantConfigStore, TenantDirectory {
  private final Map<String, StoredConfig> configs = new ConcurrentSkipListMap<>();

  @Override
  public synchronized void save(TenantConfig config) {
    StoredConfig old = configs.get(config.tenantId());
    configs.put(config.tenantId(), new StoredConfig(config, old == null ? 1 : old.revision() + 1));
  }

  @Override
  public Optional<TenantConfig> find(String tenantId) {
    return findStored(tenantId).map(StoredConfig::config);
  }

  @Override
  public Optional<StoredConfig> findStored(String tenantId) {
    return Optional.ofNullable(configs.get(tenantId));
  }

  @Override
  public synchronized Optional<Long> replace(TenantConfig config, long expectedRevision) {
    StoredConfig old = configs.get(config.tenantId());
    if ((old == null ? 0 : old.revision()) != expectedRevision) {
      return Optional.empty();
    }
    configs.put(config.tenantId(), new StoredConfig(config, expectedRevision + 1));
    return Optional.of(expectedRevision + 1);
  }

  @Override
  public List<String> tenantIds(String after, int limit) {
    return configs.keySet().stream().filter(id -> after == null || id.compareTo(after) > 0).limit(limit).toList();
  }
}
