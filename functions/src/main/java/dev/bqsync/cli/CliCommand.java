package dev.bqsync.cli;

import dev.bqsync.core.config.TenantConfig;
import java.util.concurrent.Callable;

/** A command with the shared context; {@link #call} answers an exit code (0 done, 2 invalid input, 1 failed). */
abstract class CliCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;

  protected final CliContext ctx;

  CliCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  TenantConfig tenant(String tenantId) {
    return ctx.components().tenants().find(CliContext.tenantId(tenantId))
        .orElseThrow(() -> new InvalidInputException("no tenant '" + tenantId + "': apply its configuration first with "
            + "'bqsync tenant apply --file F'"));
  }
}
