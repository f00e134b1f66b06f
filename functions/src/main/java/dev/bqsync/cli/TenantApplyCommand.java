package dev.bqsync.cli;

import dev.bqsync.core.config.TenantConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apply", description = "Validate a tenant configuration, then store it in Firestore.")
final class TenantApplyCommand extends CliCommand {
  @Option(names = "--file", required = true, paramLabel = "F", description = "the tenant configuration (JSON)")
  String file;

  TenantApplyCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    TenantConfig config = ConfigFiles.tenant(file);
    ctx.components().tenants().save(config);
    ctx.out.printf("Applied: tenant %s (%d CRM section(s), %d usage section(s))%n", config.tenantId(),
        config.crmSections().size(), config.usageSections().size());
    return OK;
  }
}
