package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The emulator's data: one DuckDB database in which every served project is an attached catalog
 * and every dataset a schema. BigQuery's own metadata (times, descriptions, labels, a view's
 * GoogleSQL) lives in a hidden schema {@value #META} of each catalog, so a {@code --data} file
 * keeps it too. Schemas are always read back from DuckDB's catalog, so tables made by SQL and by
 * the API look the same. One connection behind one lock: requests run one at a time, which is
 * what makes every statement and every insertAll atomic.
 */
final class Warehouse implements AutoCloseable {
  static final String META = "_bqemu_meta";
  static final String ANONYMOUS = "_bqemu_anonymous";
  private static final Set<String> HIDDEN_SCHEMAS = Set.of("main", "information_schema", "pg_catalog", META, ANONYMOUS);

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Set<String> projects = new LinkedHashSet<>();
  private final Clock clock;
  private final StreamingBuffer streaming;
  private long lastStamp;

  Warehouse(List<String> projects, Path dataFile, Clock clock, java.time.Duration streamingFlushDelay) {
    this.clock = clock;
    this.streaming = new StreamingBuffer(streamingFlushDelay);
    try {
      this.connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement s = connection.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
        // BigQuery sorts NULLs first ascending and last descending (DuckDB's default is NULLS LAST both ways).
        s.execute("SET default_null_order = 'nulls_first_on_asc_last_on_desc'");
      }
      BigQueryFunctions.install(connection);
      for (String project : projects) {
        String source = dataFile == null ? ":memory:"
            : projects.size() == 1 ? dataFile.toString() : dataFile + "." + project + ".duckdb";
        attach(project, source);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open DuckDB: " + e.getMessage(), e);
    }
  }

  private void attach(String project, String source) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("ATTACH " + Sql.quoteString(source) + " AS " + Sql.quoteIdentifier(project));
      String meta = Sql.quoteIdentifier(project) + "." + Sql.quoteIdentifier(META);
      s.execute("CREATE SCHEMA IF NOT EXISTS " + meta);
      s.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.quoteIdentifier(project) + "." + Sql.quoteIdentifier(ANONYMOUS));
      s.execute("CREATE TABLE IF NOT EXISTS " + meta + ".datasets (dataset_id VARCHAR PRIMARY KEY, location VARCHAR, "
          + "creation_time BIGINT, last_modified_time BIGINT, description VARCHAR, labels VARCHAR)");
      s.execute("CREATE TABLE IF NOT EXISTS " + meta + ".tables (dataset_id VARCHAR, table_id VARCHAR, view_query VARCHAR, "
          + "creation_time BIGINT, last_modified_time BIGINT, description VARCHAR, labels VARCHAR, expiration_time BIGINT, "
          + "PRIMARY KEY (dataset_id, table_id))");
      // Partitioning, clustering and column descriptions as JSON; added to data files made before it existed.
      s.execute("ALTER TABLE " + meta + ".tables ADD COLUMN IF NOT EXISTS extras VARCHAR");
    }
    projects.add(project);
  }

  Connection connection() {
    return connection;
  }

  /** Runs {@code work} holding the one lock; SQL errors come back as {@link SQLException} for mapping. */
  <T> T locked(Callable<T> work) {
    lock.lock();
    try {
      flushStreamingBuffers();
      return work.call();
    } catch (ApiException | ValueException e) {
      throw e;
    } catch (SQLException e) {
      throw DuckErrors.map(e);
    } catch (Exception e) {
      throw new ApiException(500, "backendError", "Emulator failure: " + e);
    } finally {
      lock.unlock();
    }
  }

  /** Work on the connection that may throw SQL errors. */
  interface SqlWork {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} in one DuckDB transaction: all of it is committed or, when it throws, none of
   * it. Inside a transaction already, it simply joins it.
   */
  void transaction(SqlWork work) throws SQLException {
    if (!connection.getAutoCommit()) {
      work.run();
      return;
    }
    connection.setAutoCommit(false);
    try {
      work.run();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  StreamingBuffer streaming() {
    return streaming;
  }

  /** Flushing streamed rows into the table is a change of it: lastModifiedTime moves then. */
  private void flushStreamingBuffers() throws SQLException {
    for (TableName table : streaming.flushDue(clock.millis())) {
      if (table(table).isPresent()) {
        touch(table);
      }
    }
  }

  Set<String> projects() {
    return projects;
  }

  void requireProject(String project) {
    if (!projects.contains(project)) {
      throw ApiException.accessDenied("Project " + project + ": User does not have permission to use project " + project
          + " (the emulator serves " + String.join(", ", projects) + ")");
    }
  }

  /** The clock's time, for when streamed rows arrived. */
  long now() {
    return clock.millis();
  }

  /** Epoch millis that increase with every call, so every write moves lastModifiedTime. */
  synchronized long stamp() {
    long now = clock.millis();
    lastStamp = Math.max(now, lastStamp + 1);
    return lastStamp;
  }

  // ---- datasets ----

  boolean datasetExists(String project, String dataset) throws SQLException {
    requireProject(project);
    if (HIDDEN_SCHEMAS.contains(dataset)) {
      return dataset.equals(ANONYMOUS);
    }
    try (PreparedStatement p = connection.prepareStatement(
        "SELECT 1 FROM information_schema.schemata WHERE catalog_name = ? AND schema_name = ?")) {
      p.setString(1, project);
      p.setString(2, dataset);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  void requireDataset(String project, String dataset) throws SQLException {
    if (!datasetExists(project, dataset)) {
      throw ApiException.notFound("Dataset " + project + ":" + dataset);
    }
  }

  List<String> datasets(String project) throws SQLException {
    requireProject(project);
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = connection.prepareStatement(
        "SELECT schema_name FROM information_schema.schemata WHERE catalog_name = ? ORDER BY schema_name")) {
      p.setString(1, project);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          if (!HIDDEN_SCHEMAS.contains(rs.getString(1))) {
            out.add(rs.getString(1));
          }
        }
      }
    }
    return out;
  }

  void createDataset(String project, String dataset, String location, String description, String labels)
      throws SQLException {
    requireProject(project);
    if (!dataset.matches("[A-Za-z0-9_]{1,1024}") || HIDDEN_SCHEMAS.contains(dataset)) {
      throw ApiException.invalid("Invalid dataset ID \"" + dataset
          + "\". Dataset IDs must be alphanumeric (plus underscores) and must be at most 1024 characters long.");
    }
    if (datasetExists(project, dataset)) {
      throw ApiException.duplicate("Dataset " + project + ":" + dataset);
    }
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE SCHEMA " + Sql.quoteIdentifier(project) + "." + Sql.quoteIdentifier(dataset));
    }
    registerDataset(project, dataset, location, description, labels);
  }

  /** Records a dataset's metadata (also for schemas created by SQL), keeping what is already there. */
  void registerDataset(String project, String dataset, String location, String description, String labels)
      throws SQLException {
    long now = stamp();
    try (PreparedStatement p = connection.prepareStatement("INSERT INTO " + meta(project, "datasets")
        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dataset_id) DO NOTHING")) {
      p.setString(1, dataset);
      p.setString(2, location == null ? "US" : location);
      p.setLong(3, now);
      p.setLong(4, now);
      p.setString(5, description);
      p.setString(6, labels);
      p.executeUpdate();
    }
  }

  /** location, creation, last modified, description, labels of a dataset. */
  Object[] datasetMeta(String project, String dataset) throws SQLException {
    requireDataset(project, dataset);
    registerDataset(project, dataset, null, null, null);
    try (PreparedStatement p = connection.prepareStatement("SELECT location, creation_time, last_modified_time, "
        + "description, labels FROM " + meta(project, "datasets") + " WHERE dataset_id = ?")) {
      p.setString(1, dataset);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return new Object[] {rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)};
      }
    }
  }

  void updateDataset(String project, String dataset, String description, String labels) throws SQLException {
    datasetMeta(project, dataset);
    try (PreparedStatement p = connection.prepareStatement("UPDATE " + meta(project, "datasets")
        + " SET description = coalesce(?, description), labels = coalesce(?, labels), last_modified_time = ? "
        + "WHERE dataset_id = ?")) {
      p.setString(1, description);
      p.setString(2, labels);
      p.setLong(3, stamp());
      p.setString(4, dataset);
      p.executeUpdate();
    }
  }

  void deleteDataset(String project, String dataset, boolean deleteContents) throws SQLException {
    requireDataset(project, dataset);
    if (!deleteContents && !tables(project, dataset).isEmpty()) {
      throw new ApiException(400, "resourceInUse", "Dataset " + project + ":" + dataset
          + " is still in use: delete its tables first, or pass deleteContents=true");
    }
    try (Statement s = connection.createStatement()) {
      s.execute("DROP SCHEMA " + Sql.quoteIdentifier(project) + "." + Sql.quoteIdentifier(dataset) + " CASCADE");
      s.execute("DELETE FROM " + meta(project, "datasets") + " WHERE dataset_id = " + Sql.quoteString(dataset));
      s.execute("DELETE FROM " + meta(project, "tables") + " WHERE dataset_id = " + Sql.quoteString(dataset));
    }
  }

  // ---- tables ----

  List<String> tables(String project, String dataset) throws SQLException {
    requireDataset(project, dataset);
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = connection.prepareStatement("SELECT table_name FROM information_schema.tables "
        + "WHERE table_catalog = ? AND table_schema = ? ORDER BY table_name")) {
      p.setString(1, project);
      p.setString(2, dataset);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  Optional<TableInfo> table(TableName name) throws SQLException {
    if (!projects.contains(name.project()) || !datasetExists(name.project(), name.dataset())) {
      return Optional.empty();
    }
    String type;
    try (PreparedStatement p = connection.prepareStatement("SELECT table_type FROM information_schema.tables "
        + "WHERE table_catalog = ? AND table_schema = ? AND table_name = ?")) {
      p.setString(1, name.project());
      p.setString(2, name.dataset());
      p.setString(3, name.table());
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        type = rs.getString(1).equals("VIEW") ? "VIEW" : "TABLE";
      }
    }
    registerTable(name, null, null, null, null);
    try (PreparedStatement p = connection.prepareStatement("SELECT view_query, creation_time, last_modified_time, "
        + "description, labels, expiration_time FROM " + meta(name.project(), "tables")
        + " WHERE dataset_id = ? AND table_id = ?")) {
      p.setString(1, name.dataset());
      p.setString(2, name.table());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        long expiration = rs.getLong(6);
        Long expirationTime = rs.wasNull() ? null : expiration;
        return Optional.of(new TableInfo(name, type, schema(name), rs.getString(1), rs.getLong(2), rs.getLong(3),
            rs.getString(4), rs.getString(5), expirationTime));
      }
    }
  }

  TableInfo requireTable(TableName name) throws SQLException {
    requireDataset(name.project(), name.dataset());
    return table(name).orElseThrow(() -> ApiException.notFound("Table " + name.display()));
  }

  /** Records a table's metadata (also for tables created by SQL); existing values win over nulls. */
  void registerTable(TableName name, String viewQuery, String description, String labels, Long expiration)
      throws SQLException {
    long now = stamp();
    try (PreparedStatement p = connection.prepareStatement("INSERT INTO " + meta(name.project(), "tables")
        + " (dataset_id, table_id, view_query, creation_time, last_modified_time, description, labels, expiration_time)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dataset_id, table_id) DO UPDATE SET "
        + "view_query = coalesce(excluded.view_query, view_query), description = coalesce(excluded.description, description), "
        + "labels = coalesce(excluded.labels, labels), expiration_time = coalesce(excluded.expiration_time, expiration_time)")) {
      p.setString(1, name.dataset());
      p.setString(2, name.table());
      p.setString(3, viewQuery);
      p.setLong(4, now);
      p.setLong(5, now);
      p.setString(6, description);
      p.setString(7, labels);
      if (expiration == null) {
        p.setNull(8, java.sql.Types.BIGINT);
      } else {
        p.setLong(8, expiration);
      }
      p.executeUpdate();
    }
  }

  /** Forgets a table's metadata and starts it afresh (a table dropped and created again is new). */
  void resetTable(TableName name, String viewQuery) throws SQLException {
    forgetTable(name);
    registerTable(name, viewQuery, null, null, null);
  }

  void forgetTable(TableName name) throws SQLException {
    streaming.forget(name);
    try (PreparedStatement p = connection.prepareStatement("DELETE FROM " + meta(name.project(), "tables")
        + " WHERE dataset_id = ? AND table_id = ?")) {
      p.setString(1, name.dataset());
      p.setString(2, name.table());
      p.executeUpdate();
    }
  }

  /** Partitioning, clustering and column descriptions of a table, in the REST API's shape (empty when none). */
  com.fasterxml.jackson.databind.node.ObjectNode extras(TableName name) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement("SELECT extras FROM " + meta(name.project(), "tables")
        + " WHERE dataset_id = ? AND table_id = ?")) {
      p.setString(1, name.dataset());
      p.setString(2, name.table());
      try (ResultSet rs = p.executeQuery()) {
        String json = rs.next() ? rs.getString(1) : null;
        return json == null ? Json.object() : (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(json);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored table extras are not JSON", e);
    }
  }

  void setExtras(TableName name, com.fasterxml.jackson.databind.node.ObjectNode extras) throws SQLException {
    registerTable(name, null, null, null, null);
    try (PreparedStatement p = connection.prepareStatement("UPDATE " + meta(name.project(), "tables")
        + " SET extras = ? WHERE dataset_id = ? AND table_id = ?")) {
      p.setString(1, extras.isEmpty() ? null : extras.toString());
      p.setString(2, name.dataset());
      p.setString(3, name.table());
      p.executeUpdate();
    }
  }

  /** Marks a write: lastModifiedTime moves on every change of data or schema. */
  void touch(TableName name) throws SQLException {
    registerTable(name, null, null, null, null);
    try (PreparedStatement p = connection.prepareStatement("UPDATE " + meta(name.project(), "tables")
        + " SET last_modified_time = ? WHERE dataset_id = ? AND table_id = ?")) {
      p.setLong(1, stamp());
      p.setString(2, name.dataset());
      p.setString(3, name.table());
      p.executeUpdate();
    }
  }

  void updateTableMeta(TableName name, String description, String labels, Long expiration) throws SQLException {
    registerTable(name, null, description, labels, expiration);
    touch(name);
  }

  List<FieldSchema> schema(TableName name) throws SQLException {
    List<FieldSchema> fields = new ArrayList<>();
    try (PreparedStatement p = connection.prepareStatement("SELECT column_name, data_type, is_nullable "
        + "FROM information_schema.columns WHERE table_catalog = ? AND table_schema = ? AND table_name = ? "
        + "ORDER BY ordinal_position")) {
      p.setString(1, name.project());
      p.setString(2, name.dataset());
      p.setString(3, name.table());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          fields.add(DuckTypes.toField(rs.getString(1), rs.getString(2), "NO".equals(rs.getString(3))));
        }
      }
    }
    return fields;
  }

  void createTable(TableName name, List<FieldSchema> fields) throws SQLException {
    List<String> columns = new ArrayList<>();
    for (FieldSchema field : fields) {
      columns.add(Sql.quoteIdentifier(field.name()) + " " + field.duckType()
          + (field.mode().equals("REQUIRED") ? " NOT NULL" : ""));
    }
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE " + Sql.table(name) + " (" + String.join(", ", columns) + ")");
    }
  }

  void createView(TableName name, String duckQuery, String project) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("USE " + Sql.quoteIdentifier(project));
      s.execute("CREATE VIEW " + Sql.table(name) + " AS " + duckQuery);
    }
  }

  void addColumns(TableName name, List<FieldSchema> added) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (FieldSchema field : added) {
        if (field.mode().equals("REQUIRED")) {
          throw ApiException.invalid("Provided Schema does not match Table " + name.display()
              + ". Cannot add required fields to an existing schema. (field: " + field.name() + ")");
        }
        s.execute("ALTER TABLE " + Sql.table(name) + " ADD COLUMN " + Sql.quoteIdentifier(field.name()) + " "
            + field.duckType());
      }
    }
  }

  void dropTable(TableName name, boolean view) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("DROP " + (view ? "VIEW " : "TABLE ") + Sql.table(name));
    }
    forgetTable(name);
  }

  long maxRowId(TableName name) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(rowid), -1) FROM " + Sql.table(name))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  long rowCount(TableName name) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Sql.table(name))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Logical bytes of the named columns (all when {@code columns} is null), as BigQuery counts them:
   * 8 for INT64, FLOAT64, DATE, TIME, DATETIME, TIMESTAMP; 16 for NUMERIC; 32 for BIGNUMERIC; 1 for
   * BOOL; 2 plus the UTF-8 length for STRING and BYTES; NULLs cost nothing.
   */
  long bytes(TableName name, Set<String> columns) throws SQLException {
    List<String> terms = new ArrayList<>();
    for (FieldSchema field : schema(name)) {
      if (columns != null && !columns.contains(field.name().toLowerCase(Locale.ROOT))) {
        continue;
      }
      String column = Sql.quoteIdentifier(field.name());
      if (field.repeated() || field.type().equals("RECORD") || field.type().equals("JSON")) {
        terms.add("coalesce(sum(strlen(CAST(" + column + " AS VARCHAR))), 0)");
        continue;
      }
      terms.add(switch (field.type()) {
        case "STRING", "GEOGRAPHY", "INTERVAL" -> "coalesce(sum(strlen(" + column + ") + 2), 0)";
        case "BYTES" -> "coalesce(sum(octet_length(" + column + ") + 2), 0)";
        case "BOOLEAN" -> "count(" + column + ")";
        case "NUMERIC" -> "count(" + column + ") * 16";
        case "BIGNUMERIC" -> "count(" + column + ") * 32";
        default -> "count(" + column + ") * 8";
      });
    }
    if (terms.isEmpty()) {
      return 0;
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + String.join(" + ", terms) + " FROM " + Sql.table(name))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String meta(String project, String table) {
    return Sql.quoteIdentifier(project) + "." + Sql.quoteIdentifier(META) + "." + table;
  }

  /** Drops everything in every project (for tests that share an emulator). */
  void reset() throws SQLException {
    streaming.clear();
    for (String project : projects) {
      for (String dataset : datasets(project)) {
        deleteDataset(project, dataset, true);
      }
      try (Statement s = connection.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + Sql.quoteIdentifier(project) + "." + Sql.quoteIdentifier(ANONYMOUS) + " CASCADE");
        s.execute("CREATE SCHEMA " + Sql.quoteIdentifier(project) + "." + Sql.quoteIdentifier(ANONYMOUS));
      }
    }
  }

  static String labels(JsonNode labels) {
    return labels == null || labels.isNull() ? null : labels.toString();
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing at shutdown
    }
  }
}
