package dev.bqsync.port;

import java.util.List;

/** Lists the tenants that have a stored configuration. */
public interface TenantDirectory {
  /** Up to {@code limit} tenant ids in id order, the first after {@code after} (null: from the start). */
  List<String> tenantIds(String after, int limit);
}
