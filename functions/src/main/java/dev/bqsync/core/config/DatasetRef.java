package dev.bqsync.core.config;

import java.util.Optional;

/** A BigQuery dataset, {@code project.dataset}, each part checked against BigQuery's naming rules. */
public record DatasetRef(String project, String dataset) {
  public DatasetRef {
    Check.valid(Identifiers.projectProblem(project), "project");
    Check.valid(Identifiers.datasetProblem(dataset), "dataset");
  }

  /** The problem with a {@code project.dataset} text, if any. */
  public static Optional<String> problem(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of("name the dataset as project.dataset");
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 2) {
      return Optional.of("'" + text + "' must be project.dataset (two parts separated by a dot, no backticks)");
    }
    return Identifiers.projectProblem(parts[0]).or(() -> Identifiers.datasetProblem(parts[1]));
  }

  public static DatasetRef parse(String text) {
    Check.valid(problem(text), "stateDataset");
    String[] parts = text.split("\\.", -1);
    return new DatasetRef(parts[0], parts[1]);
  }

  public TableRef table(String table) {
    return new TableRef(project, dataset, table);
  }

  @Override
  public String toString() {
    return project + "." + dataset;
  }
}
