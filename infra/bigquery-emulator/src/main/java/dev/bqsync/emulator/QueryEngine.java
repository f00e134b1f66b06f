package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bqsync.emulator.sql.GoogleSqlTranslator;
import dev.bqsync.emulator.sql.Parameters;
import dev.bqsync.emulator.sql.Translation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs query jobs: translate, estimate cost (and enforce maximumBytesBilled before anything runs),
 * execute in DuckDB, and keep a SELECT's result in an anonymous table that later pages read from,
 * as BigQuery does.
 */
final class QueryEngine {
  static final long MIB = 1024L * 1024L;
  static final long MIN_BILLED = 10 * MIB;
  private static final int MAX_RESULT_TABLES = 64;
  private static final long PAGE_BYTES = 10 * MIB;
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** Statements whose expressions BigQuery type-checks and DuckDB would cast silently. */
  private static final Set<String> TYPE_CHECKED = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE",
      "CREATE_TABLE_AS_SELECT", "CREATE_VIEW");

  private final Warehouse warehouse;
  private final Deque<TableName> resultTables = new ArrayDeque<>();

  QueryEngine(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** Runs the query of {@code job}; failures are recorded on the job and rethrown. */
  void run(Job job) {
    job.startTime = warehouse.stamp();
    try {
      warehouse.locked(() -> {
        execute(job);
        return null;
      });
    } catch (ApiException e) {
      job.error = e;
      throw e;
    } finally {
      job.endTime = warehouse.stamp();
    }
  }

  private void execute(Job job) throws SQLException {
    JsonNode query = job.configuration.path("query");
    validateLabels(job.configuration.get("labels"));
    if (query.path("useLegacySql").asBoolean(false)) {
      throw ApiException.invalidQuery("Legacy SQL is not supported by the emulator: set useLegacySql to false");
    }
    String sql = Json.requiredText(query, "query", "query");
    Parameters params = QueryParameters.from(query);
    Translation translation = GoogleSqlTranslator.translate(sql, params, job.project);
    job.statementType = translation.statementType();
    JsonNode defaultDataset = query.get("defaultDataset");
    Set<TableName> scanned = checkReferences(job.project, defaultDataset, translation);
    if (!job.locationGiven) {
      job.location = inferredLocation(job.project, translation, defaultDataset);
    }

    job.bytesProcessed = 0;
    // DML pricing: UPDATE, DELETE and MERGE also pay for every column of the table they modify.
    TableName modified = Set.of("UPDATE", "DELETE", "MERGE").contains(translation.statementType())
        && translation.target() != null ? resolve(translation.target(), job.project, defaultDataset) : null;
    for (TableName table : scanned) {
      boolean allColumns = translation.selectsStar() || table.equals(modified);
      job.bytesProcessed += scannedBytes(table, allColumns ? null : translation.identifiers(), 0);
    }
    job.bytesBilled = job.bytesProcessed == 0 ? 0
        : Math.max(MIN_BILLED, (job.bytesProcessed + MIB - 1) / MIB * MIB);
    JsonNode max = query.get("maximumBytesBilled");
    if (max != null && !max.isNull() && job.bytesBilled > Long.parseLong(max.asText())) {
      throw new ApiException(400, "bytesBilledLimitExceeded", "Query exceeded limit for bytes billed: " + max.asText()
          + ". " + job.bytesBilled + " or higher required.");
    }
    use(job.project, defaultDataset);
    if (TYPE_CHECKED.contains(translation.statementType())) {
      List<FieldSchema> insertTarget = Set.of("INSERT", "MERGE").contains(translation.statementType())
          && modifiedOrTarget(job, translation,
          defaultDataset) != null ? warehouse.table(modifiedOrTarget(job, translation, defaultDataset))
          .map(TableInfo::schema).orElse(null) : null;
      TypeCheck.check(warehouse.connection(), GoogleSqlTranslator.typeProbes(sql, params), insertTarget);
    }
    if (job.dryRun) {
      return;
    }
    switch (translation.statementType()) {
      case "SELECT" -> select(job, translation, query.get("destinationTable"), query);
      case "INSERT", "UPDATE", "DELETE" -> dml(job, translation, defaultDataset);
      case "MERGE" -> merge(job, translation, defaultDataset);
      case "TRUNCATE_TABLE" -> truncate(job, translation, defaultDataset);
      default -> ddl(job, translation, defaultDataset);
    }
  }

  /** BigQuery runs a job where its data is: the location of the first dataset the statement names. */
  private String inferredLocation(String project, Translation translation, JsonNode defaultDataset) throws SQLException {
    for (List<String> path : translation.tables()) {
      if (translation.statementType().endsWith("SCHEMA")) {
        break;
      }
      TableName name = resolve(path, project, defaultDataset);
      if (name != null && warehouse.projects().contains(name.project())
          && warehouse.datasetExists(name.project(), name.dataset())) {
        return (String) warehouse.datasetMeta(name.project(), name.dataset())[0];
      }
    }
    return "US";
  }

  private static TableName modifiedOrTarget(Job job, Translation translation, JsonNode defaultDataset) {
    return translation.target() == null ? null : resolve(translation.target(), job.project, defaultDataset);
  }

  private static void validateLabels(JsonNode labels) {
    if (labels == null || labels.isNull()) {
      return;
    }
    labels.fields().forEachRemaining(e -> {
      if (!LABEL_KEY.matcher(e.getKey()).matches()) {
        throw ApiException.invalid("Label key \"" + e.getKey() + "\" has invalid characters: use lowercase letters, "
            + "digits, underscores and dashes, starting with a letter, at most 63 characters");
      }
      if (!LABEL_VALUE.matcher(e.getValue().asText()).matches()) {
        throw ApiException.invalid("Label value \"" + e.getValue().asText() + "\" of key " + e.getKey()
            + " has invalid characters: use lowercase letters, digits, underscores and dashes, at most 63 characters");
      }
    });
  }

  private void use(String project, JsonNode defaultDataset) throws SQLException {
    try (Statement s = warehouse.connection().createStatement()) {
      if (defaultDataset != null && Json.text(defaultDataset, "datasetId") != null) {
        String p = Json.text(defaultDataset, "projectId") == null ? project : Json.text(defaultDataset, "projectId");
        warehouse.requireDataset(p, Json.text(defaultDataset, "datasetId"));
        s.execute("USE " + Sql.quoteIdentifier(p) + "." + Sql.quoteIdentifier(Json.text(defaultDataset, "datasetId")));
      } else {
        s.execute("USE " + Sql.quoteIdentifier(project));
      }
    }
  }

  /** Resolves a path of 1-3 parts against the job's project and default dataset; null when unresolvable. */
  static TableName resolve(List<String> parts, String project, JsonNode defaultDataset) {
    return switch (parts.size()) {
      case 3 -> new TableName(parts.get(0), parts.get(1), parts.get(2));
      case 2 -> new TableName(project, parts.get(0), parts.get(1));
      case 1 -> defaultDataset == null || Json.text(defaultDataset, "datasetId") == null ? null
          : new TableName(Json.text(defaultDataset, "projectId") == null ? project : Json.text(defaultDataset, "projectId"),
              Json.text(defaultDataset, "datasetId"), parts.get(0));
      default -> throw ApiException.invalidQuery("Invalid table name: " + String.join(".", parts));
    };
  }

  /** Checks that every table the statement reads exists (BigQuery's notFound), and returns those scanned. */
  private Set<TableName> checkReferences(String project, JsonNode defaultDataset, Translation translation)
      throws SQLException {
    Set<TableName> scanned = new LinkedHashSet<>();
    boolean creates = translation.statementType().startsWith("CREATE");
    boolean schemaStatement = translation.statementType().endsWith("SCHEMA");
    for (List<String> path : translation.tables()) {
      if (schemaStatement) {
        continue;
      }
      TableName name = resolve(path, project, defaultDataset);
      if (name == null) {
        continue; // a one-part name without a default dataset: a WITH alias, or DuckDB will say it is missing
      }
      boolean isTarget = translation.target() != null && path.equals(translation.target());
      if (!warehouse.projects().contains(name.project())) {
        throw ApiException.accessDenied("Table " + name.display() + ": User does not have permission to query table "
            + name.display() + ", or perhaps it does not exist.");
      }
      if (!warehouse.datasetExists(name.project(), name.dataset())) {
        if (path.size() == 1 && !isTarget) {
          continue; // probably a WITH alias; DuckDB reports a real miss
        }
        throw ApiException.notFound("Dataset " + name.project() + ":" + name.dataset() + " was not found in location US");
      }
      var table = warehouse.table(name);
      if (table.isEmpty()) {
        if ((creates && isTarget) || path.size() == 1 || translation.statementType().startsWith("DROP")) {
          continue;
        }
        throw ApiException.notFound("Table " + name.display() + " was not found in location US");
      }
      if (isTarget && table.get().isView() && (translation.isDml() || translation.statementType().equals("ALTER_TABLE"))) {
        throw ApiException.invalidQuery("Cannot modify view " + name.display() + " with " + translation.statementType()
            + ": views are read-only");
      }
      boolean insertTarget = isTarget && translation.statementType().equals("INSERT");
      if (!creates && !insertTarget && !translation.statementType().startsWith("DROP")) {
        scanned.add(name);
      }
    }
    return scanned;
  }

  /** Bytes a scan of {@code table} reads; a view costs what its query reads. */
  private long scannedBytes(TableName table, Set<String> columns, int depth) throws SQLException {
    TableInfo info = warehouse.table(table).orElse(null);
    if (info == null) {
      return 0;
    }
    if (!info.isView()) {
      return warehouse.bytes(table, columns);
    }
    if (depth > 4 || info.viewQuery() == null) {
      return 0;
    }
    Translation view = GoogleSqlTranslator.translate(info.viewQuery(), Parameters.NONE);
    long total = 0;
    for (List<String> path : view.tables()) {
      TableName name = resolve(path, table.project(), null);
      if (name != null) {
        total += scannedBytes(name, view.selectsStar() ? null : view.identifiers(), depth + 1);
      }
    }
    return total;
  }

  private void select(Job job, Translation translation, JsonNode destination, JsonNode query) throws SQLException {
    TableName target;
    String sql = translation.duckSql();
    if (destination != null && !destination.isNull()) {
      target = new TableName(Json.text(destination, "projectId"), Json.text(destination, "datasetId"),
          Json.text(destination, "tableId"));
      writeDestination(target, sql, query);
    } else {
      target = new TableName(job.project, Warehouse.ANONYMOUS, "anon_" + job.jobId.replaceAll("[^A-Za-z0-9_]", "_"));
      try (Statement s = warehouse.connection().createStatement()) {
        s.execute("CREATE OR REPLACE TABLE " + Sql.table(target) + " AS " + sql);
      }
      ResultChecks.check(warehouse.connection(), target);
      renameUnnamedColumns(target);
      resultTables.addLast(target);
      while (resultTables.size() > MAX_RESULT_TABLES) {
        TableName old = resultTables.removeFirst();
        try (Statement s = warehouse.connection().createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + Sql.table(old));
        }
      }
    }
    job.destination = target;
    job.schema = warehouse.schema(target);
    job.totalRows = warehouse.rowCount(target);
  }

  private void writeDestination(TableName target, String sql, JsonNode query) throws SQLException {
    warehouse.requireDataset(target.project(), target.dataset());
    String write = Json.text(query, "writeDisposition") == null ? "WRITE_EMPTY" : Json.text(query, "writeDisposition");
    String create = Json.text(query, "createDisposition") == null ? "CREATE_IF_NEEDED" : Json.text(query, "createDisposition");
    boolean exists = warehouse.table(target).isPresent();
    try (Statement s = warehouse.connection().createStatement()) {
      if (!exists) {
        if (create.equals("CREATE_NEVER")) {
          throw ApiException.notFound("Table " + target.display());
        }
        s.execute("CREATE TABLE " + Sql.table(target) + " AS " + sql);
        renameUnnamedColumns(target);
        warehouse.resetTable(target, null);
        return;
      }
      switch (write) {
        case "WRITE_TRUNCATE" -> s.execute("CREATE OR REPLACE TABLE " + Sql.table(target) + " AS " + sql);
        case "WRITE_APPEND" -> s.execute("INSERT INTO " + Sql.table(target) + " " + sql);
        default -> {
          if (warehouse.rowCount(target) > 0) {
            throw ApiException.duplicate("Table " + target.display() + " is not empty (writeDisposition WRITE_EMPTY)");
          }
          s.execute("INSERT INTO " + Sql.table(target) + " " + sql);
        }
      }
    }
    warehouse.touch(target);
  }

  /** BigQuery names expression columns f0_, f1_...; DuckDB names them after the expression. */
  private void renameUnnamedColumns(TableName table) throws SQLException {
    int unnamed = 0;
    Set<String> taken = new HashSet<>();
    List<FieldSchema> schema = warehouse.schema(table);
    for (FieldSchema field : schema) {
      taken.add(field.name().toLowerCase(Locale.ROOT));
    }
    try (Statement s = warehouse.connection().createStatement()) {
      for (FieldSchema field : schema) {
        if (!FIELD_NAME.matcher(field.name()).matches()) {
          String name = "f" + unnamed++ + "_";
          while (taken.contains(name)) {
            name = "f" + unnamed++ + "_";
          }
          taken.add(name);
          s.execute("ALTER TABLE " + Sql.table(table) + " RENAME COLUMN " + Sql.quoteIdentifier(field.name()) + " TO "
              + Sql.quoteIdentifier(name));
        }
      }
    }
  }

  private void dml(Job job, Translation translation, JsonNode defaultDataset) throws SQLException {
    TableName target = resolveTarget(job, translation, defaultDataset);
    try (Statement s = warehouse.connection().createStatement()) {
      long count = translation.statementType().equals("INSERT") || target == null ? s.executeUpdate(translation.duckSql())
          : BufferedRowsGuard.run(warehouse, target, translation.statementType(),
              () -> (long) s.executeUpdate(translation.duckSql()));
      job.dmlAffectedRows = count;
      Map<String, Long> stats = new HashMap<>();
      stats.put(translation.statementType(), count);
      job.dmlStats = stats;
      if (count > 0 && target != null) {
        warehouse.touch(target);
      }
    }
  }

  private void merge(Job job, Translation translation, JsonNode defaultDataset) throws SQLException {
    TableName target = resolveTarget(job, translation, defaultDataset);
    Map<String, Long> stats = new HashMap<>();
    try (Statement s = warehouse.connection().createStatement()) {
      Work merge = () -> {
        try (ResultSet rs = s.executeQuery(translation.duckSql() + " RETURNING merge_action")) {
          while (rs.next()) {
            stats.merge(rs.getString(1), 1L, Long::sum);
          }
        }
        return null;
      };
      if (target == null) {
        merge.run();
      } else {
        BufferedRowsGuard.run(warehouse, target, "MERGE", merge);
      }
    } catch (SQLException e) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("more than one source row") || message.contains("more than once")) {
        throw ApiException.invalidQuery("UPDATE/MERGE must match at most one source row for each target row");
      }
      throw e;
    }
    long total = stats.values().stream().mapToLong(Long::longValue).sum();
    job.dmlAffectedRows = total;
    job.dmlStats = stats;
    if (total > 0 && target != null) {
      warehouse.touch(target);
    }
  }

  private interface Work extends BufferedRowsGuard.Work<Object> {}

  private void truncate(Job job, Translation translation, JsonNode defaultDataset) throws SQLException {
    TableName target = resolveTarget(job, translation, defaultDataset);
    warehouse.streaming().forget(target);
    long before = warehouse.rowCount(target);
    try (Statement s = warehouse.connection().createStatement()) {
      s.execute(translation.duckSql());
    }
    job.dmlAffectedRows = before;
    warehouse.touch(target);
  }

  private TableName resolveTarget(Job job, Translation translation, JsonNode defaultDataset) {
    return translation.target() == null ? null : resolve(translation.target(), job.project, defaultDataset);
  }

  private void ddl(Job job, Translation translation, JsonNode defaultDataset) throws SQLException {
    String type = translation.statementType();
    List<String> path = translation.target();
    if (type.endsWith("SCHEMA")) {
      String project = path.size() == 2 ? path.get(0) : job.project;
      String dataset = path.get(path.size() - 1);
      boolean existed = warehouse.datasetExists(project, dataset);
      if (type.equals("CREATE_SCHEMA") && existed && !translation.duckSql().contains("IF NOT EXISTS")) {
        throw ApiException.duplicate("Dataset " + project + ":" + dataset);
      }
      try (Statement s = warehouse.connection().createStatement()) {
        s.execute(translation.duckSql());
      }
      if (type.equals("CREATE_SCHEMA")) {
        warehouse.registerDataset(project, dataset, null, null, null);
        job.ddlOperation = existed ? "SKIP" : "CREATE";
      } else {
        job.ddlOperation = existed ? "DROP" : "SKIP";
      }
      return;
    }
    TableName target = resolve(path, job.project, defaultDataset);
    if (target == null) {
      throw ApiException.invalidQuery("Table \"" + String.join(".", path)
          + "\" must be qualified with a dataset (e.g. dataset.table).");
    }
    warehouse.requireDataset(target.project(), target.dataset());
    var before = warehouse.table(target);
    boolean ifNotExists = translation.duckSql().contains("IF NOT EXISTS");
    boolean ifExists = translation.duckSql().contains("IF EXISTS");
    if (type.startsWith("CREATE") && before.isPresent() && !ifNotExists && !translation.duckSql().startsWith("CREATE OR REPLACE")) {
      throw ApiException.duplicate("Table " + target.display());
    }
    if (type.startsWith("DROP") && before.isEmpty() && !ifExists) {
      throw ApiException.notFound("Table " + target.display());
    }
    if (type.startsWith("DROP") && before.isPresent() && before.get().isView() != type.equals("DROP_VIEW")) {
      throw ApiException.invalidQuery(target.display() + " is a " + (before.get().isView() ? "view" : "table")
          + ": use DROP " + (before.get().isView() ? "VIEW" : "TABLE"));
    }
    try (Statement s = warehouse.connection().createStatement()) {
      s.execute(translation.duckSql());
    }
    job.ddlTarget = target;
    switch (type) {
      case "CREATE_TABLE", "CREATE_TABLE_AS_SELECT", "CREATE_VIEW" -> {
        if (before.isPresent() && ifNotExists) {
          job.ddlOperation = "SKIP";
        } else {
          warehouse.resetTable(target, translation.viewQuery());
          if (type.equals("CREATE_TABLE_AS_SELECT")) {
            renameUnnamedColumns(target);
          }
          TableExtras.fromDdl(warehouse, target, translation.tableExtras());
          job.ddlOperation = before.isPresent() ? "REPLACE" : "CREATE";
        }
      }
      case "DROP_TABLE", "DROP_VIEW" -> {
        warehouse.forgetTable(target);
        job.ddlOperation = before.isPresent() ? "DROP" : "SKIP";
      }
      default -> {
        warehouse.touch(target);
        job.ddlOperation = "ALTER";
      }
    }
  }

  // ---- reading pages ----

  /**
   * Rows of {@code table} from {@code startIndex} (an offset) or {@code pageToken} (a row id), at
   * most {@code maxResults} and about 10 MB, as BigQuery pages them.
   */
  Page page(TableName table, Long startIndex, String pageToken, Long maxResults, boolean int64Timestamps,
      List<String> selectedFields) {
    return warehouse.locked(() -> {
      TableInfo info = warehouse.requireTable(table);
      if (info.isView()) {
        throw ApiException.invalid("Cannot list a table of type VIEW.");
      }
      List<FieldSchema> schema = info.schema();
      if (selectedFields != null && !selectedFields.isEmpty()) {
        Set<String> wanted = new HashSet<>();
        selectedFields.forEach(f -> wanted.add(f.trim().toLowerCase(Locale.ROOT)));
        schema = schema.stream().filter(f -> wanted.contains(f.name().toLowerCase(Locale.ROOT))).toList();
      }
      long total = warehouse.rowCount(table);
      long limit = maxResults == null ? 100_000 : Math.max(0, maxResults);
      ArrayNode rows = JsonNodeFactory.instance.arrayNode();
      if (limit == 0) {
        return new Page(rows, total, null);
      }
      List<String> columns = new ArrayList<>();
      for (FieldSchema field : schema) {
        columns.add(Sql.quoteIdentifier(field.name()));
      }
      String select = "SELECT rowid" + (columns.isEmpty() ? "" : ", " + String.join(", ", columns)) + " FROM "
          + Sql.table(table);
      String sql;
      long from;
      if (pageToken != null) {
        from = parseToken(pageToken);
        sql = select + " WHERE rowid >= ? ORDER BY rowid LIMIT ?";
      } else {
        from = startIndex == null ? 0 : startIndex;
        sql = select + " ORDER BY rowid LIMIT ? OFFSET ?";
      }
      ValueEncoder encoder = new ValueEncoder(int64Timestamps);
      String next = null;
      long bytes = 0;
      try (PreparedStatement p = warehouse.connection().prepareStatement(sql)) {
        if (pageToken != null) {
          p.setLong(1, from);
          p.setLong(2, limit + 1);
        } else {
          p.setLong(1, limit + 1);
          p.setLong(2, from);
        }
        try (ResultSet rs = p.executeQuery()) {
          ResultSetMetaData meta = rs.getMetaData();
          int count = meta.getColumnCount();
          Object[] values = new Object[count - 1];
          while (rs.next()) {
            long rowid = rs.getLong(1);
            if (rows.size() >= limit || bytes >= PAGE_BYTES) {
              next = "r" + rowid;
              break;
            }
            for (int i = 2; i <= count; i++) {
              values[i - 2] = rs.getObject(i);
            }
            ObjectNode row = encoder.row(schema, values);
            bytes += estimateSize(values);
            rows.add(row);
          }
        }
      }
      return new Page(rows, total, next);
    });
  }

  private static long parseToken(String token) {
    try {
      return Long.parseLong(token.substring(1));
    } catch (RuntimeException e) {
      throw ApiException.invalid("Invalid page token: " + token);
    }
  }

  private static long estimateSize(Object[] values) {
    long size = 8;
    for (Object value : values) {
      size += value == null ? 10 : 16 + (value instanceof String s ? s.length() : 16);
    }
    return size;
  }
}
