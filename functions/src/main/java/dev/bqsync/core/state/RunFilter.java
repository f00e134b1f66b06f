package dev.bqsync.core.state;

/** Which run records to list: each part null for any. */
public record RunFilter(JobKind job, String sectionId, RunStatus status) {
  public static final RunFilter ANY = new RunFilter(null, null, null);

  public boolean matches(RunRecord run) {
    return (job == null || job == run.job()) && (sectionId == null || sectionId.equals(run.sectionId()))
        && (status == null || status == run.status());
  }
}
