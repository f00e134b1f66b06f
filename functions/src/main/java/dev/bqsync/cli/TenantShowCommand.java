package dev.bqsync.cli;

import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigWriter;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.function.Components;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "show", description = "A tenant's configuration, connection health, held leases and recent runs.")
final class TenantShowCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  TenantShowCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    TenantConfig config = tenant(tenantId);
    Components c = ctx.components();
    ConnectionStatus connection = c.connections().find(tenantId).orElse(ConnectionStatus.notConnected(null));
    ctx.out.print(new TenantReport(config, connection, c.leases().held(tenantId), c.runLog().recent(tenantId, 10),
        c.clock().instant()).render());
    ctx.out.println("Configuration:");
    ctx.out.println(new TenantConfigWriter().toPrettyString(config));
    return OK;
  }
}
