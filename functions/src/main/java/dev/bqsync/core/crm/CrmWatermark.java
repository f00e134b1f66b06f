package dev.bqsync.core.crm;

import java.time.Instant;

/**
 * Where a CRM section's incremental sync stands: the CRM change read's read time of the last
 * completed run (the next run reads records changed since it, minus the lookback), the mapping
 * fingerprint that run planned with, and the state table it wrote. Another fingerprint or table
 * makes the next run a full one. {@code keyedRecords} is how many CRM records carried a key of the
 * section when that run ended, as its state holds them (null: not known): the next run compares the
 * CRM's count with it to find records deleted since, which no change read returns.
 */
public record CrmWatermark(Instant readTime, String fingerprint, String stateTable, Long keyedRecords) {
  public CrmWatermark(Instant readTime, String fingerprint, String stateTable) {
    this(readTime, fingerprint, stateTable, null);
  }
}
