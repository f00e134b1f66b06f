package dev.bqsync.sync;

import dev.bqsync.core.FailureKind;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.UsageSection;
import dev.bqsync.core.log.TraceContext;
import dev.bqsync.core.state.Cursor;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.core.usage.DueRule;
import dev.bqsync.port.CursorStore;
import dev.bqsync.port.ParkingLot;
import dev.bqsync.port.RecordDirectory;
import dev.bqsync.port.UsageSink;
import dev.bqsync.port.WarehouseConnector;
import java.util.Optional;

/**
 * The usage pull of one tenant through the shared {@link JobRunner}: every due section (or the one
 * asked for), each from its committed cursor. Sections share one time budget; what is left
 * continues on the next run.
 */
public final class UsagePullJob {
  /** The ports only the usage pull needs. */
  public record Ports(CursorStore cursors, WarehouseConnector warehouses, UsageSink sink, RecordDirectory directory,
      ParkingLot parking) {}

  private static final TenantJobGate.SectionKind<UsageSection> SECTIONS = new TenantJobGate.SectionKind<>(
      "usage section", TenantConfig::usageSection,
      t -> t.usageSections().stream().filter(UsageSection::enabled).toList(), "nothing was pulled");

  private final JobRunner<UsageSection, SectionOutcome> runner;

  public UsagePullJob(JobRunner.Ports shared, Ports ports, JobRunner.Timing timing) {
    this.runner = new JobRunner<>(shared, new Work(shared, ports), timing);
  }

  public JobResult<SectionOutcome> run(JobRequest request, TraceContext trace) {
    return runner.run(request, trace);
  }

  public JobRunner.Timing timing() {
    return runner.timing();
  }

  private record Work(JobRunner.Ports shared, Ports ports) implements JobRunner.Work<UsageSection, SectionOutcome> {
    @Override
    public JobKind kind() {
      return JobKind.USAGE_PULL;
    }

    @Override
    public String name() {
      return "usage pull";
    }

    @Override
    public TenantJobGate.SectionKind<UsageSection> sections() {
      return SECTIONS;
    }

    @Override
    public String id(UsageSection section) {
      return section.id();
    }

    @Override
    public SectionOutcome ended(String sectionId, RunStatus status, String message, FailureKind failure, Throwable error) {
      return SectionOutcome.ended(sectionId, status, message, failure, error);
    }

    @Override
    public Optional<SectionOutcome> skip(TenantConfig tenant, UsageSection section, RunContext run) {
      if (run.request().force() || run.request().sectionId() != null) {
        return Optional.empty();
      }
      Cursor cursor = ports.cursors().find(tenant.tenantId(), section.id()).orElse(Cursor.start(section.id()));
      var now = shared.clock().instant();
      if (DueRule.isDue(section.frequency(), tenant.timeZone(), cursor.lastRunAt(), now)) {
        return Optional.empty();
      }
      var next = DueRule.nextScheduled(section.frequency(), tenant.timeZone(), now);
      return Optional.of(SectionOutcome.simple(section.id(), RunStatus.SKIPPED_NOT_DUE, "not due: next due at " + next
          + " (" + next.atZone(tenant.timeZone()).toLocalDateTime() + " " + tenant.timeZone() + ")"));
    }

    @Override
    public SectionOutcome run(TenantConfig tenant, UsageSection section, RunContext run) {
      var source = ports.warehouses().usageSource(tenant);
      return new UsagePull(source, ports.sink(), ports.directory(), ports.parking(), ports.cursors(), shared.clock())
          .run(tenant, section, run.runId(), run.deadline(), run.lease());
    }
  }
}
