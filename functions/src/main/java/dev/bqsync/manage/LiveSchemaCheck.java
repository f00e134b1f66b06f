package dev.bqsync.manage;

import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.TransientException;
import dev.bqsync.core.config.ConfigProblem;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.crm.CrmSchemaCheck;
import dev.bqsync.core.usage.SourceSchemaCheck;
import dev.bqsync.core.usage.SourceTable;
import dev.bqsync.port.UsageSource;
import dev.bqsync.port.WarehouseConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a configuration against the tenant's live catalog, with the same checks the jobs make before
 * they read (a section that sends to a view, a missing table or column, a key column of the wrong
 * type), so an admin hears of them when saving, not at the next run. Only possible once the tenant
 * can reach BigQuery; otherwise the result says why it was not checked.
 */
public final class LiveSchemaCheck {
  /** Problems found, and, when the check could not run (fully), why not. */
  public record Result(List<ConfigProblem> problems, String notChecked) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  private final WarehouseReadiness readiness;
  private final WarehouseConnector warehouses;

  public LiveSchemaCheck(WarehouseReadiness readiness, WarehouseConnector warehouses) {
    this.readiness = readiness;
    this.warehouses = warehouses;
  }

  public Result check(TenantConfig config) {
    Optional<String> notReady = readiness.whyNot(config);
    if (notReady.isPresent()) {
      return new Result(List.of(), "not checked against BigQuery: " + notReady.get());
    }
    List<ConfigProblem> problems = new ArrayList<>();
    UsageSource source;
    try {
      source = warehouses.usageSource(config);
    } catch (NeedsAttentionException | TransientException e) {
      return new Result(List.of(), "not checked against BigQuery: " + e.getMessage());
    }
    for (int i = 0; i < config.crmSections().size(); i++) {
      var section = config.crmSections().get(i);
      String notChecked = checkOne(source, section.source(), "$.crmSections[" + i + "]", problems,
          table -> CrmSchemaCheck.problems(section, table));
      if (notChecked != null) {
        return new Result(problems, notChecked);
      }
    }
    for (int i = 0; i < config.usageSections().size(); i++) {
      var section = config.usageSections().get(i);
      String notChecked = checkOne(source, section.source(), "$.usageSections[" + i + "]", problems,
          table -> SourceSchemaCheck.problems(section, table));
      if (notChecked != null) {
        return new Result(problems, notChecked);
      }
    }
    return new Result(problems, null);
  }

  /** Adds the section's problems; returns why the check stopped, or null. */
  private static String checkOne(UsageSource source, TableRef ref, String path, List<ConfigProblem> problems,
      Function<SourceTable, List<String>> check) {
    try {
      SourceTable table = source.describe(ref);
      check.apply(table).forEach(p -> problems.add(new ConfigProblem(path, p)));
      return null;
    } catch (NeedsAttentionException e) {
      problems.add(new ConfigProblem(path + ".source", e.getMessage()));
      return null;
    } catch (TransientException e) {
      return "not fully checked against BigQuery (" + e.getMessage() + "); save again later to have it checked";
    }
  }
}
