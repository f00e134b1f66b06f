package dev.bqsync.port;

import dev.bqsync.core.config.TenantConfig;
import java.util.Optional;

/** Keeps tenant configurations. */
public interface TenantConfigStore {
  /** Stores the configuration, replacing the tenant's previous one; connection status is untouched. */
  void save(TenantConfig config);

  Optional<TenantConfig> find(String tenantId);
}
