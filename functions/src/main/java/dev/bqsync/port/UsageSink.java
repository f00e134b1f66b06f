package dev.bqsync.port;

import dev.bqsync.core.usage.UsageRecord;
import java.util.List;
import java.util.Set;

/** Where usage lands in the CRM: User Activities and Custom Metrics. */
public interface UsageSink {
  /**
   * Writes the records durably and idempotently (a record already there is left as it is, and a
   * metric point already counted is never counted again). Returns the ids that were new.
   */
  Set<String> write(String tenantId, List<UsageRecord> records);
}
