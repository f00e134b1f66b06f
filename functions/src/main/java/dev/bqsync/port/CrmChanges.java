package dev.bqsync.port;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.ChangePage;
import dev.bqsync.core.crm.ChangePosition;
import java.time.Instant;
import java.util.Collection;

/** The CRM records of a model that changed since a time: the CRM side of the incremental sync. */
public interface CrmChanges {
  /**
   * Up to {@code limit} records whose last write through the product committed at or after
   * {@code since} (the watermark minus its lookback), after {@code after} (null for the first
   * page), with the named fields and this section's snapshot. Records never written since
   * {@code changedAt} was introduced have none and are not returned.
   */
  ChangePage changedSince(String tenantId, CrmModel model, String sectionId, Collection<String> fields, Instant since,
      ChangePosition after, int limit);

  /**
   * How many records of the model carry a key of this kind now (any value in the key field but null
   * and the empty text; every record for ID): count aggregations, which find the deletions no change
   * read returns.
   */
  long keyedRecords(String tenantId, CrmModel model, dev.bqsync.core.config.CrmKey key);

  /** The records with these ids that exist, with the named fields and this section's snapshot. */
  java.util.List<dev.bqsync.core.crm.CrmRecord> records(String tenantId, CrmModel model, String sectionId,
      Collection<String> fields, Collection<String> ids);
}
