package dev.bqsync.cli;

import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.UsageSection;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.RunRecord;
import java.time.Instant;
import java.util.List;

/** The human-readable summary 'tenant show' prints above the configuration. */
record TenantReport(TenantConfig config, ConnectionStatus connection, List<Lease> leases, List<RunRecord> runs,
    Instant now) {
  /** The counts an operator looks at first, in a fixed order. */
  private static String counts(RunRecord run) {
    java.util.Map<String, Long> c = run.counts();
    if (run.job() == dev.bqsync.core.state.JobKind.CRM_SYNC) {
      return String.format("read %d rows / %d records, CRM %d created %d updated, BigQuery %d inserted %d updated, "
          + "%d conflicts, %d rejected, jobs %d", c.getOrDefault("rowsRead", 0L), c.getOrDefault("recordsRead", 0L),
          c.getOrDefault("crmCreates", 0L), c.getOrDefault("crmUpdates", 0L), c.getOrDefault("warehouseInserts", 0L),
          c.getOrDefault("warehouseUpdates", 0L), c.getOrDefault("conflicts", 0L), c.getOrDefault("rowsRejected", 0L),
          c.getOrDefault("bigQueryJobs", 0L));
    }
    return String.format("read %d, written %d, rejected %d, parked %d, jobs %d, cursor %s -> %s",
        c.getOrDefault("rowsRead", 0L), c.getOrDefault("rowsWritten", 0L), c.getOrDefault("rowsRejected", 0L),
        c.getOrDefault("rowsParked", 0L), c.getOrDefault("bigQueryJobs", 0L), run.cursorBefore(), run.cursorAfter());
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("Tenant ").append(config.tenantId()).append(config.enabled() ? " (enabled)" : " (DISABLED)")
        .append(", time zone ").append(config.timeZone()).append('\n');
    out.append("Connection: ").append(connection.state());
    if (connection.account() != null) {
      out.append(" as ").append(connection.account());
    }
    if (connection.message() != null) {
      out.append(" - ").append(connection.message());
    }
    out.append('\n');
    out.append("BigQuery: billed to ").append(config.connection().billingProject()).append(" in ")
        .append(config.connection().location()).append(", auth ").append(config.connection().auth().kind()).append('\n');
    out.append("CRM sections:\n");
    if (config.crmSections().isEmpty()) {
      out.append("  (none)\n");
    }
    for (CrmSection s : config.crmSections()) {
      out.append(String.format("  %-16s %-12s %-8s %s  key %s=%s, %d field(s)%s%n", s.id(), s.model(), s.direction(),
          s.source(), s.crmKey(), s.warehouseKey(), s.fields().size(), s.enabled() ? "" : "  [disabled]"));
    }
    out.append("Usage sections:\n");
    if (config.usageSections().isEmpty()) {
      out.append("  (none)\n");
    }
    for (UsageSection s : config.usageSections()) {
      String frequency = s.frequency().dailyAt() == null ? s.frequency().kind().name()
          : "DAILY at " + s.frequency().dailyAt();
      out.append(String.format("  %-16s %-14s %-9s %s  key %s, batch %d, %s%s%n", s.id(), s.kind(), s.model(),
          s.source(), s.keyColumn(), s.batchSize(), frequency, s.enabled() ? "" : "  [disabled]"));
    }
    out.append("Leases:\n");
    if (leases.isEmpty()) {
      out.append("  (none held)\n");
    }
    for (Lease lease : leases) {
      out.append(String.format("  %-6s held by run %s since %s, until %s%s%n", lease.job().id(), lease.holder(),
          lease.acquiredAt(), lease.expireAt(), lease.liveAt(now) ? "" : "  [expired: the next run takes it over]"));
    }
    out.append("Recent runs:\n");
    if (runs.isEmpty()) {
      out.append("  (none yet)\n");
    }
    for (RunRecord run : runs) {
      out.append(String.format("  %s  %-6s %-14s %-17s %s%s%n", run.startedAt(), run.job().id(),
          run.sectionId() == null ? "-" : run.sectionId(), run.status(), counts(run),
          run.error() == null ? "" : "  error: " + run.error()));
    }
    return out.toString();
  }
}
