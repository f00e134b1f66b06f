package dev.bqsync.core.config;

import java.util.Optional;

/** A BigQuery table or view, {@code project.dataset.table}, each part checked against BigQuery's naming rules. */
public record TableRef(String project, String dataset, String table) {
  public TableRef {
    Check.valid(Identifiers.projectProblem(project), "project");
    Check.valid(Identifiers.datasetProblem(dataset), "dataset");
    Check.valid(Identifiers.tableProblem(table), "table");
  }

  /** The problem with a {@code project.dataset.table} text, if any. */
  public static Optional<String> problem(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of("name the table or view as project.dataset.table");
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.of("'" + text + "' must be project.dataset.table (three parts separated by dots, no backticks)");
    }
    return Identifiers.projectProblem(parts[0])
        .or(() -> Identifiers.datasetProblem(parts[1]))
        .or(() -> Identifiers.tableProblem(parts[2]));
  }

  public static TableRef parse(String text) {
    Check.valid(problem(text), "source");
    String[] parts = text.split("\\.", -1);
    return new TableRef(parts[0], parts[1], parts[2]);
  }

  /** The fully qualified, quoted path for SQL: {@code `p`.`d`.`t`}. */
  public String sql() {
    return Identifiers.quote(project) + "." + Identifiers.quote(dataset) + "." + Identifiers.quote(table);
  }

  @Override
  public String toString() {
    return project + "." + dataset + "." + table;
  }
}
