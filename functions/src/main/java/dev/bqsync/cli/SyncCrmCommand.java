package dev.bqsync.cli;

import dev.bqsync.core.state.RunStatus;
import dev.bqsync.sync.CrmSectionOutcome;
import dev.bqsync.sync.JobRequest;
import dev.bqsync.sync.JobResult;
import dev.bqsync.sync.PlanReport;
import dev.bqsync.sync.Refusal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "crm", description = "Print what a CRM sync would change, writing nothing (the same job Scheduler calls, "
    + "with the tenant's own connection).")
final class SyncCrmCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  @Option(names = "--section", paramLabel = "S", description = "one CRM section (default: every enabled one)")
  String sectionId;

  @Option(names = "--dry-run", required = true, description = "required: the CLI only plans; the sync itself runs in "
      + "CrmSyncFunction")
  boolean dryRun;

  @Option(names = "--full", description = "plan a full read of both sides, as a full resync would (a tenant with a "
      + "state dataset otherwise plans only what changed)")
  boolean full;

  @Option(names = "--allow-mass-change", description = "plan as a run with \"allowMassChange\": true would: the "
      + "deletions and blankings the mass-change guard holds back are shown as applied")
  boolean allowMassChange;

  SyncCrmCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    CliContext.tenantId(tenantId);
    if (sectionId != null) {
      CliContext.sectionId(sectionId);
    }
    JobResult<CrmSectionOutcome> result = ctx.components().crmSync().run(JobRequest.crm(tenantId, sectionId, full, true,
        allowMassChange),
        null);
    if (result.refusal() != null) {
      if (result.refusal() == Refusal.SWITCHED_OFF) {
        ctx.out.println(result.message());
        return OK;
      }
      throw new InvalidInputException(result.message());
    }
    for (CrmSectionOutcome outcome : result.sections()) {
      ctx.out.print(new PlanReport(outcome).render());
    }
    return result.sections().stream().anyMatch(o -> o.status() == RunStatus.FAILED) ? FAILED : OK;
  }
}
