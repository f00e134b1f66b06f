package dev.bqsync.cli;

import dev.bqsync.core.catalog.CatalogPage;
import dev.bqsync.core.catalog.DatasetSummary;
import dev.bqsync.core.catalog.TableDetail;
import dev.bqsync.core.catalog.TableSummary;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.manage.CatalogBrowser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bqsync catalog}: the tenant's BigQuery catalog through its own connection, the same use
 * case as the management API's catalog routes (docs/management-api.md). With {@code --project} the
 * datasets, with {@code --dataset} too the tables and views, with {@code --table p.d.t} the columns;
 * with none of them the projects the connection may use.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "Browse the tenant's BigQuery through its "
    + "connection: projects, datasets of --project, tables of --dataset, columns of --table.")
final class CatalogCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  @Option(names = "--project", paramLabel = "P", description = "list this project's datasets")
  String project;

  @Option(names = "--dataset", paramLabel = "D", description = "with --project: list this dataset's tables and views")
  String dataset;

  @Option(names = "--table", paramLabel = "P.D.T", description = "show this table's columns")
  String table;

  CatalogCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    String tenant = CliContext.tenantId(tenantId);
    CatalogBrowser catalog = ctx.components().catalog();
    return ManagementCalls.run(ctx, () -> {
      if (table != null) {
        TableDetail detail = catalog.table(tenant, ManagementCalls.table(table));
        ctx.out.printf("%s (%s%s)%n", detail.summary().ref(), detail.summary().kind(),
            detail.summary().rows() == null ? "" : ", " + detail.summary().rows() + " rows");
        detail.columns().forEach(c -> ctx.out.printf("  %-32s %-10s %s%n", c.name(), c.type(), c.mode()));
      } else if (project != null && dataset != null) {
        for (String token = null; ; ) {
          CatalogPage<TableSummary> page = catalog.tables(tenant, project, dataset, token, CatalogBrowser.MAX_PAGE);
          page.items().forEach(t -> ctx.out.printf("  %-60s %-17s %s%n", t.ref(), t.kind(),
              t.rows() == null ? "" : t.rows() + " rows"));
          if ((token = page.nextPageToken()) == null) {
            break;
          }
        }
      } else if (project != null) {
        for (String token = null; ; ) {
          CatalogPage<DatasetSummary> page = catalog.datasets(tenant, project, token, CatalogBrowser.MAX_PAGE);
          page.items().forEach(d -> ctx.out.printf("  %s.%s (%s)%n", d.project(), d.dataset(), d.location()));
          if ((token = page.nextPageToken()) == null) {
            break;
          }
        }
      } else if (dataset != null) {
        throw new InvalidInputException("--dataset needs --project");
      } else {
        catalog.projects(tenant).forEach(p -> ctx.out.println("  " + p));
      }
    });
  }
}
