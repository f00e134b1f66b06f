package dev.bqsync.sync;

/**
 * What Scheduler, the CLI or "sync now" asks a job for: a tenant, optionally one section, whether to
 * ignore the schedule ({@code force}, usage pull; for the CRM sync: read both sides in full even when
 * the tenant keeps a state, a full resync), whether to only plan ({@code dryRun}, CRM sync) and
 * whether to apply mass deletions and blankings the guard would hold back ({@code allowMassChange},
 * CRM sync).
 */
public record JobRequest(String tenantId, String sectionId, boolean force, boolean dryRun, boolean allowMassChange) {
  public JobRequest(String tenantId, String sectionId, boolean force, boolean dryRun) {
    this(tenantId, sectionId, force, dryRun, false);
  }

  public static JobRequest usage(String tenantId, String sectionId, boolean force) {
    return new JobRequest(tenantId, sectionId, force, false);
  }

  public static JobRequest crm(String tenantId, String sectionId, boolean dryRun) {
    return new JobRequest(tenantId, sectionId, false, dryRun);
  }

  /**
   * A CRM sync; with {@code full}, one that reads both sides in full and rewrites the section's
   * state ({@code sync crm --full}, {@code "full": true}).
   */
  public static JobRequest crm(String tenantId, String sectionId, boolean full, boolean dryRun) {
    return new JobRequest(tenantId, sectionId, full, dryRun);
  }

  /** A CRM sync that may also apply the mass changes its guard holds back ({@code "allowMassChange": true}). */
  public static JobRequest crm(String tenantId, String sectionId, boolean full, boolean dryRun,
      boolean allowMassChange) {
    return new JobRequest(tenantId, sectionId, full, dryRun, allowMassChange);
  }
}
