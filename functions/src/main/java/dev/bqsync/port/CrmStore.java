package dev.bqsync.port;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.state.Lease;
import java.util.Collection;
import java.util.List;

/** The CRM's records of a model, as a CRM section reads and writes them. */
public interface CrmStore {
  /** Every record of the model with the named fields and this section's snapshot. */
  List<CrmRecord> records(String tenantId, CrmModel model, String sectionId, Collection<String> fields);

  /**
   * Writes records: each write sets its values and this section's snapshot in one document write.
   * Each batch is fenced by {@code lease}: a run that lost it writes nothing more (LeaseLostException).
   */
  void write(String tenantId, CrmModel model, String sectionId, List<SyncPlan.CrmWrite> writes, Lease lease);
}
