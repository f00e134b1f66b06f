package dev.bqsync.sync;

/** What Scheduler (or "sync now") asks for: a tenant, optionally one section, and whether to ignore the schedule. */
public record UsagePullRequest(String tenantId, String sectionId, boolean force) {}
