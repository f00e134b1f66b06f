package dev.bqsync.emulator.sql;

import dev.bqsync.emulator.ApiException;
import java.util.List;
import java.util.Locale;

/**
 * INFORMATION_SCHEMA.SCHEMATA (of a project) and .TABLES / .COLUMNS (of a dataset), as subqueries
 * over DuckDB's catalog with BigQuery's column names and type names. The emulator's own schemas
 * are left out.
 */
final class InformationSchema {
  private static final String HIDDEN = "('main', 'information_schema', 'pg_catalog', '_bqemu_meta', '_bqemu_anonymous')";

  private InformationSchema() {}

  static boolean names(List<String> path) {
    return path.stream().anyMatch(p -> p.equalsIgnoreCase("INFORMATION_SCHEMA"));
  }

  /** The subquery for {@code path} (e.g. p, d, INFORMATION_SCHEMA, TABLES); {@code project} is the job's. */
  static String subquery(List<String> path, String project) {
    int at = 0;
    while (!path.get(at).equalsIgnoreCase("INFORMATION_SCHEMA")) {
      at++;
    }
    if (at + 2 != path.size()) {
      throw ApiException.invalidQuery("Invalid INFORMATION_SCHEMA path: " + String.join(".", path));
    }
    String view = path.get(at + 1).toUpperCase(Locale.ROOT);
    List<String> qualifier = path.subList(0, at);
    if (project == null && (qualifier.size() < (view.equals("SCHEMATA") ? 1 : 2))) {
      throw ApiException.invalidQuery("Name the project of INFORMATION_SCHEMA here: `project.dataset.INFORMATION_SCHEMA."
          + view + "`");
    }
    String catalog;
    switch (view) {
      case "SCHEMATA" -> {
        // project.INFORMATION_SCHEMA.SCHEMATA, or region-xx.INFORMATION_SCHEMA.SCHEMATA in the job's project
        catalog = qualifier.isEmpty() || qualifier.get(0).toLowerCase(Locale.ROOT).startsWith("region-") ? project
            : qualifier.get(0);
        return "(SELECT s.catalog_name, s.schema_name, CAST(NULL AS VARCHAR) AS schema_owner, "
            + "epoch_ms(m.creation_time)::TIMESTAMPTZ AS creation_time, epoch_ms(m.last_modified_time)::TIMESTAMPTZ "
            + "AS last_modified_time, m.location FROM information_schema.schemata s LEFT JOIN " + meta(catalog, "datasets")
            + " m ON m.dataset_id = s.schema_name WHERE s.catalog_name = " + literal(catalog) + " AND s.schema_name NOT IN "
            + HIDDEN + ")";
      }
      case "TABLES", "COLUMNS" -> {
        if (qualifier.isEmpty()) {
          throw ApiException.invalidQuery("INFORMATION_SCHEMA." + view + " needs a dataset: dataset.INFORMATION_SCHEMA."
              + view);
        }
        catalog = qualifier.size() == 2 ? qualifier.get(0) : project;
        String dataset = qualifier.get(qualifier.size() - 1);
        String where = " WHERE table_catalog = " + literal(catalog) + " AND table_schema = " + literal(dataset);
        if (view.equals("TABLES")) {
          return "(SELECT table_catalog, table_schema, table_name, CASE WHEN table_type = 'VIEW' THEN 'VIEW' "
              + "ELSE 'BASE TABLE' END AS table_type, CASE WHEN table_type = 'VIEW' THEN 'NO' ELSE 'YES' END "
              + "AS is_insertable_into, 'NO' AS is_typed, epoch_ms(m.creation_time)::TIMESTAMPTZ AS creation_time "
              + "FROM information_schema.tables LEFT JOIN " + meta(catalog, "tables")
              + " m ON m.dataset_id = table_schema AND m.table_id = table_name" + where + ")";
        }
        return "(SELECT table_catalog, table_schema, table_name, column_name, CAST(ordinal_position AS BIGINT) "
            + "AS ordinal_position, is_nullable, " + typeName("data_type") + " AS data_type, 'NO' AS is_hidden, "
            + "'NO' AS is_system_defined, 'NO' AS is_partitioning_column, CAST(NULL AS BIGINT) AS "
            + "clustering_ordinal_position FROM information_schema.columns" + where + ")";
      }
      default -> throw ApiException.unsupported("INFORMATION_SCHEMA." + view
          + " (only SCHEMATA, TABLES and COLUMNS are served)");
    }
  }

  /** DuckDB's type names in BigQuery's spelling (ARRAY<...> for lists; STRUCT as DuckDB writes it). */
  private static String typeName(String column) {
    String base = "rtrim(" + column + ", '[]')";
    return "CASE WHEN " + column + " LIKE '%[]' THEN 'ARRAY<' || " + scalar(base) + " || '>' ELSE " + scalar(column)
        + " END";
  }

  private static String scalar(String t) {
    return "CASE " + t + " WHEN 'BIGINT' THEN 'INT64' WHEN 'DOUBLE' THEN 'FLOAT64' WHEN 'VARCHAR' THEN 'STRING' "
        + "WHEN 'BOOLEAN' THEN 'BOOL' WHEN 'BLOB' THEN 'BYTES' WHEN 'DECIMAL(38,9)' THEN 'NUMERIC' "
        + "WHEN 'DECIMAL(38,6)' THEN 'BIGNUMERIC' WHEN 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP' "
        + "WHEN 'TIMESTAMP' THEN 'DATETIME' ELSE " + t + " END";
  }

  private static String meta(String catalog, String table) {
    return "\"" + catalog.replace("\"", "\"\"") + "\".\"_bqemu_meta\"." + table;
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
