package dev.bqsync.sync;

/** What Scheduler (or "sync now") asks for: a tenant, optionally one section, and whether to only plan. */
public record CrmSyncRequest(String tenantId, String sectionId, boolean dryRun) {}
