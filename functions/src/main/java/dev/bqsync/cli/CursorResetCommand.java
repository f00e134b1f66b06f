package dev.bqsync.cli;

import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.state.Cursor;
import dev.bqsync.port.CursorStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reset", description = "Forget a usage section's cursor: the next pull reads the source from the start.")
final class CursorResetCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  @Option(names = "--section", required = true, paramLabel = "S")
  String sectionId;

  CursorResetCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    TenantConfig config = tenant(tenantId);
    CliContext.sectionId(sectionId);
    if (config.usageSection(sectionId).isEmpty()) {
      throw new InvalidInputException("tenant '" + tenantId + "' has no usage section '" + sectionId + "'");
    }
    CursorStore cursors = ctx.components().cursors();
    String before = cursors.find(tenantId, sectionId).map(Cursor::describe).orElse("-");
    cursors.reset(tenantId, sectionId);
    ctx.out.printf("Cursor of %s/%s reset (was %s): the next pull reads %s from the start%n", tenantId, sectionId, before,
        config.usageSection(sectionId).get().source());
    return OK;
  }
}
