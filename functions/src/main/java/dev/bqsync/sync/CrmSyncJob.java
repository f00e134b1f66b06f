package dev.bqsync.sync;

import dev.bqsync.core.FailureKind;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.log.TraceContext;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.port.CrmStore;
import dev.bqsync.port.WarehouseConnector;

/** The CRM sync of one tenant through the shared {@link JobRunner}: every enabled section (or the one asked for). */
public final class CrmSyncJob {
  /** The ports only the CRM sync needs. */
  /** {@code changes} and {@code watermarks} serve tenants with a state dataset (the incremental sync). */
  public record Ports(WarehouseConnector warehouses, CrmStore store, dev.bqsync.port.CrmChanges changes,
      dev.bqsync.port.CrmWatermarks watermarks, java.time.Duration changeLookback,
      dev.bqsync.core.crm.LargeChangeSet largeChangeSet) {}

  private static final TenantJobGate.SectionKind<CrmSection> SECTIONS = new TenantJobGate.SectionKind<>(
      "CRM section", TenantConfig::crmSection,
      t -> t.crmSections().stream().filter(CrmSection::enabled).toList(), "nothing was synced");

  private final JobRunner<CrmSection, CrmSectionOutcome> runner;

  public CrmSyncJob(JobRunner.Ports shared, Ports ports, JobRunner.Timing timing) {
    this.runner = new JobRunner<>(shared, new Work(shared, ports, timing), timing);
  }

  public JobResult<CrmSectionOutcome> run(JobRequest request, TraceContext trace) {
    return runner.run(request, trace);
  }

  private record Work(JobRunner.Ports shared, Ports ports, JobRunner.Timing timing)
      implements JobRunner.Work<CrmSection, CrmSectionOutcome> {
    @Override
    public JobKind kind() {
      return JobKind.CRM_SYNC;
    }

    @Override
    public String name() {
      return "CRM sync";
    }

    @Override
    public TenantJobGate.SectionKind<CrmSection> sections() {
      return SECTIONS;
    }

    @Override
    public String id(CrmSection section) {
      return section.id();
    }

    @Override
    public CrmSectionOutcome ended(String sectionId, RunStatus status, String message, FailureKind failure,
        Throwable error) {
      return CrmSectionOutcome.ended(sectionId, status, message, failure, error);
    }

    @Override
    public CrmSectionOutcome run(TenantConfig tenant, CrmSection section, RunContext run) {
      IncrementalCrmRead incremental = tenant.connection().stateDataset() == null ? null
          : new IncrementalCrmRead(ports.warehouses().crmSyncState(tenant), ports.changes(), ports.watermarks(),
              ports.store(), ports.changeLookback(), ports.largeChangeSet(), shared.clock());
      return new CrmSync(ports.warehouses().crmWarehouse(tenant), ports.store(), shared.leases(), timing.leaseTtl(),
          shared.clock(), incremental).run(tenant, section, run);
    }
  }
}
