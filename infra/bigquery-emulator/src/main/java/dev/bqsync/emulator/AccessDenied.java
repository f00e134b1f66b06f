package dev.bqsync.emulator;

import java.util.List;

/**
 * BigQuery's 403 for a project the caller may not use (here: any project the emulator does not
 * serve), worded as BigQuery words it for the permission the call needs.
 */
final class AccessDenied {
  private AccessDenied() {}

  /** {@code path} is the request path after /bigquery/v2/: projects, p, datasets, d, tables, t, ... */
  static ApiException of(String operation, List<String> path) {
    String project = path.get(1);
    String dataset = path.size() > 3 ? path.get(3) : null;
    String table = path.size() > 5 && path.get(4).equals("tables") ? path.get(5) : null;
    String permission = permission(operation);
    if (operation.startsWith("jobs.") || dataset == null) {
      return ApiException.accessDenied("Project " + project + ": User does not have " + permission
          + " permission in project " + project + ".");
    }
    if (table == null) {
      String name = project + ":" + dataset;
      return ApiException.accessDenied("Dataset " + name + ": Permission " + permission + " denied on dataset " + name
          + " (or it may not exist).");
    }
    String name = project + ":" + dataset + "." + table;
    return ApiException.accessDenied("Table " + name + ": Permission " + permission + " denied on table " + name
        + " (or it may not exist).");
  }

  private static String permission(String operation) {
    return switch (operation) {
      case "jobs.query", "jobs.insert" -> "bigquery.jobs.create";
      case "jobs.get", "jobs.getQueryResults", "jobs.cancel", "jobs.delete" -> "bigquery.jobs.get";
      case "jobs.list" -> "bigquery.jobs.list";
      case "datasets.list" -> "bigquery.datasets.list";
      case "datasets.insert" -> "bigquery.datasets.create";
      case "datasets.patch", "datasets.update" -> "bigquery.datasets.update";
      case "datasets.delete" -> "bigquery.datasets.delete";
      case "tables.list" -> "bigquery.tables.list";
      case "tables.insert" -> "bigquery.tables.create";
      case "tables.patch", "tables.update" -> "bigquery.tables.update";
      case "tables.delete" -> "bigquery.tables.delete";
      case "tabledata.list" -> "bigquery.tables.getData";
      case "tabledata.insertAll" -> "bigquery.tables.updateData";
      case "tables.get" -> "bigquery.tables.get";
      default -> "bigquery.datasets.get";
    };
  }
}
