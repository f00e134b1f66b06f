package dev.bqsync.port;

import dev.bqsync.core.config.StoredConfig;
import dev.bqsync.core.config.TenantConfig;
import java.util.Optional;

/** Keeps tenant configurations, each with a revision that every save moves on by one. */
public interface TenantConfigStore {
  /** Stores the configuration, replacing the tenant's previous one; connection status is untouched. */
  void save(TenantConfig config);

  Optional<TenantConfig> find(String tenantId);

  /** The configuration with its revision. */
  Optional<StoredConfig> findStored(String tenantId);

  /**
   * Stores {@code config} only if the stored revision is still {@code expectedRevision} (0: only if
   * the tenant has no configuration yet), atomically; returns the new revision, or empty when
   * another save got there first.
   */
  Optional<Long> replace(TenantConfig config, long expectedRevision);
}
