package dev.bqsync.core.crm;

import dev.bqsync.core.state.RejectedRow;
import java.util.List;

/**
 * What writing a section's rows to BigQuery did: the jobs it ran, and the rows BigQuery refused for
 * a reason of their own (isolated one by one; every other row was written). {@code refused} keys
 * are the keys as the rows hold them, like {@link SyncPlan.WarehouseWrite#key()}.
 */
public record WarehouseWriteResult(int jobs, List<RejectedRow> refused) {
  public WarehouseWriteResult {
    refused = List.copyOf(refused);
  }

  public static WarehouseWriteResult written(int jobs) {
    return new WarehouseWriteResult(jobs, List.of());
  }
}
