package dev.bqsync.port;

import dev.bqsync.core.config.TenantConfig;

/** Connects to a tenant's warehouse with the tenant's connection settings. */
public interface WarehouseConnector {
  UsageSource usageSource(TenantConfig tenant);

  CrmWarehouse crmWarehouse(TenantConfig tenant);

  /** The CRM sync's last-synced state in the tenant's BigQuery (its connection.stateDataset). */
  CrmSyncState crmSyncState(TenantConfig tenant);

  Catalog catalog(TenantConfig tenant);

  ColumnProfiler profiler(TenantConfig tenant);
}
