package dev.bqsync.sync;

/**
 * What Scheduler, the CLI or "sync now" asks a job for: a tenant, optionally one section, whether to
 * ignore the schedule ({@code force}, usage pull) and whether to only plan ({@code dryRun}, CRM sync).
 */
public record JobRequest(String tenantId, String sectionId, boolean force, boolean dryRun) {
  public static JobRequest usage(String tenantId, String sectionId, boolean force) {
    return new JobRequest(tenantId, sectionId, force, false);
  }

  public static JobRequest crm(String tenantId, String sectionId, boolean dryRun) {
    return new JobRequest(tenantId, sectionId, false, dryRun);
  }
}
