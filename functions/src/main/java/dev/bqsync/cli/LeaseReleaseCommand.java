package dev.bqsync.cli;

import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.Lease;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "release", description = "Free a job's lease whose holder is dead, so the tenant's next run need not "
    + "wait for it to expire. A live holder's lease is freed only with --force.")
final class LeaseReleaseCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  @Option(names = "--job", required = true, paramLabel = "J", description = "usage or crm")
  String job;

  @Option(names = "--force", description = "free it even though the lease has not expired (its holder must be dead)")
  boolean force;

  LeaseReleaseCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    tenant(tenantId);
    JobKind kind = Arrays.stream(JobKind.values()).filter(k -> k.id().equals(job)).findFirst()
        .orElseThrow(() -> new InvalidInputException("--job '" + job + "' is not a job: use usage or crm"));
    var now = ctx.components().clock().instant();
    Optional<Lease> held = ctx.components().leases().held(tenantId).stream().filter(l -> l.job() == kind).findFirst();
    if (held.isEmpty()) {
      ctx.out.printf("No %s lease is held for tenant %s: nothing to release%n", job, tenantId);
      return OK;
    }
    if (held.get().liveAt(now) && !force) {
      throw new InvalidInputException("the " + job + " lease of tenant " + tenantId + " is held by run "
          + held.get().holder() + " until " + held.get().expireAt() + "; if that run is dead (check 'bqsync logs "
          + "--tenant " + tenantId + " --run " + held.get().holder() + "'), add --force");
    }
    Optional<Lease> freed = ctx.components().leases().forceRelease(tenantId, kind);
    int abandoned = freed.map(l -> ctx.components().runLog().abandon(tenantId, kind, l.holder(), "the operator released "
        + "its lease with 'bqsync lease release'; what it committed stays", now)).orElse(0);
    ctx.out.printf("Released the %s lease of tenant %s (held by run %s since %s)%s%n", job, tenantId,
        held.get().holder(), held.get().acquiredAt(), abandoned == 0 ? "" : "; " + abandoned + " run record(s) marked ABANDONED");
    return OK;
  }
}
