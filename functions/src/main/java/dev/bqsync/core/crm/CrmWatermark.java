package dev.bqsync.core.crm;

import java.time.Instant;

/**
 * Where a CRM section's incremental sync stands: the CRM change read's read time of the last
 * completed run (the next run reads records changed since it, minus the lookback), the mapping
 * fingerprint that run planned with, and the state table it wrote. Another fingerprint or table
 * makes the next run a full one.
 */
public record CrmWatermark(Instant readTime, String fingerprint, String stateTable) {}
