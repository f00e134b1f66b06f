package dev.bqsync.cli;

import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.state.Cursor;
import dev.bqsync.port.CursorStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reset", description = "Forget a usage section's cursor: the next pull reads the source from the start. "
    + "Say why: --recreated (the table was recreated: its rows are new rows, with new ids, even where keys repeat) or "
    + "--replay (the same table read again: rows already written are recognised and nothing is written twice).")
final class CursorResetCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  @Option(names = "--section", required = true, paramLabel = "S")
  String sectionId;

  @Option(names = "--recreated", description = "the source was recreated: read it as new rows (a new generation of ids)")
  boolean recreated;

  @Option(names = "--replay", description = "read the same rows again: nothing already written is written twice")
  boolean replay;

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
    if (recreated == replay) {
      throw new InvalidInputException("say why the cursor is reset: --recreated when the table was dropped and made "
          + "again (its rows are new rows even where keys repeat), or --replay to read the same rows again (nothing "
          + "already written is written twice; a recreated table's rows with old keys would be taken for the old rows)");
    }
    CursorStore cursors = ctx.components().cursors();
    String before = cursors.find(tenantId, sectionId).map(Cursor::describe).orElse("-");
    Cursor reset = cursors.reset(tenantId, sectionId, recreated);
    ctx.out.printf("Cursor of %s/%s reset (was %s): the next pull reads %s from the start%n", tenantId, sectionId, before,
        config.usageSection(sectionId).get().source());
    ctx.out.println(recreated
        ? "  as new rows (generation " + reset.generation() + " of ids): written even where keys repeat old ones; what "
            + "earlier generations wrote stays in the CRM"
        : "  as the same rows (generation " + reset.generation() + "): rows already written are recognised and left alone");
    return OK;
  }
}
