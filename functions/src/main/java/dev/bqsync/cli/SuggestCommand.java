package dev.bqsync.cli;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.manage.SuggestionService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bqsync suggest}: key, cursor and mapping suggestions for a table, as the management API gives them. */
@Command(name = "suggest", mixinStandardHelpOptions = true, description = "Suggest the key (crm) or cursor (usage) "
    + "column and the field mappings for a table; runs one profiling query and prints its bytes.")
final class SuggestCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  @Option(names = "--table", required = true, paramLabel = "P.D.T")
  String table;

  @Option(names = "--kind", defaultValue = "crm", paramLabel = "crm|usage", description = "the section kind (default crm)")
  String kind;

  @Option(names = "--model", paramLabel = "MODEL", description = "the CRM model of a crm section, e.g. Company")
  CrmModel model;

  SuggestCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    String tenant = CliContext.tenantId(tenantId);
    return ManagementCalls.run(ctx, () -> {
      SuggestionService.Suggestions s = ctx.components().suggestions().suggest(tenant,
          new SuggestionService.Request(ManagementCalls.table(table), kind, model));
      ctx.out.printf("%s: %d rows; the profiling query processed %d bytes (capped at %d)%n", table, s.rows(),
          s.bytesProcessed(), s.maximumBytesBilled());
      ctx.out.println(SuggestionService.CRM.equals(kind) ? "Key candidates:" : "Cursor candidates:");
      s.keys().forEach(k -> ctx.out.printf("  %s %-30s %-9s %s%n", k.suitable() ? "+" : "-", k.column(), k.type(),
          k.reason()));
      if (!s.fields().isEmpty()) {
        ctx.out.println("Field mappings:");
        s.fields().forEach(f -> ctx.out.printf("  %-30s -> %-24s %-8s %s%n", f.column(), f.crm(),
            f.direction() == null ? "-" : f.direction(), f.reason()));
      }
    });
  }
}
