package dev.bqsync.cli;

import dev.bqsync.core.config.TenantConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", description = "Check a tenant configuration file; print every problem with its JSON path.")
final class TenantValidateCommand extends CliCommand {
  @Option(names = "--file", required = true, paramLabel = "F", description = "the tenant configuration (JSON)")
  String file;

  TenantValidateCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    TenantConfig config = ConfigFiles.tenant(file);
    ctx.out.printf("OK: tenant %s is valid (%d CRM section(s), %d usage section(s))%n", config.tenantId(),
        config.crmSections().size(), config.usageSections().size());
    return OK;
  }
}
