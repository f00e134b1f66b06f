package dev.bqsync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Load jobs of NEWLINE_DELIMITED_JSON data uploaded through the resumable upload endpoint. Each
 * non-blank line is one row, checked as insertAll checks rows ({@link RowInserter#check}). With more
 * than {@code maxBadRecords} bad lines (0 by default) the job fails and writes nothing; otherwise
 * the good rows go in, with the table's creation or truncation, in one transaction. Loaded rows are
 * settled at once: they never enter the streaming buffer.
 */
final class Loader {
  static final String FORMAT = "NEWLINE_DELIMITED_JSON";
  /** At most this many bad records are listed in a job's {@code status.errors}. */
  private static final int LISTED_ERRORS = 100;
  private static final ObjectReader LINE_READER = Json.MAPPER.reader()
      .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Warehouse warehouse;
  private final RowInserter inserter;

  Loader(Warehouse warehouse, RowInserter inserter) {
    this.warehouse = warehouse;
    this.inserter = inserter;
  }

  /**
   * The configuration of a load job about to be uploaded, checked as BigQuery checks it when the job
   * is inserted; refusals are the HTTP error of that request, not a failed job.
   */
  static ObjectNode configuration(String project, JsonNode job) {
    JsonNode given = job.path("configuration");
    if (!given.path("load").isObject()) {
      String kind = given.has("query") ? "query" : given.has("copy") ? "copy" : given.has("extract") ? "extract" : null;
      if (kind != null) {
        throw ApiException.unsupported(kind + " jobs through the upload endpoint (only load jobs are uploaded)");
      }
      throw ApiException.invalid("Required parameter is missing: configuration.load");
    }
    ObjectNode configuration = (ObjectNode) given.deepCopy();
    configuration.put("jobType", "LOAD");
    JsonNode load = configuration.get("load");
    destination(project, load);
    String format = Json.text(load, "sourceFormat") == null ? "CSV" : Json.text(load, "sourceFormat");
    if (!format.equals(FORMAT)) {
      throw ApiException.unsupported("load jobs with sourceFormat " + format + ": only " + FORMAT
          + " is supported (CSV, AVRO, PARQUET, ORC, DATASTORE_BACKUP and the other formats are not)");
    }
    if (load.path("sourceUris").size() > 0) {
      throw ApiException.invalid("A load job through the upload endpoint takes its data from the upload, not from "
          + "sourceUris");
    }
    if (load.path("autodetect").asBoolean(false)) {
      throw ApiException.unsupported("load jobs with schema autodetect (give schema.fields)");
    }
    if (load.path("schemaUpdateOptions").size() > 0) {
      throw ApiException.unsupported("load jobs with schemaUpdateOptions");
    }
    if (load.hasNonNull("hivePartitioningOptions") || load.path("createSession").asBoolean(false)) {
      throw ApiException.unsupported("load jobs with hivePartitioningOptions or createSession");
    }
    String create = Json.text(load, "createDisposition");
    if (create != null && !List.of("CREATE_IF_NEEDED", "CREATE_NEVER").contains(create)) {
      throw ApiException.invalid("Invalid createDisposition: " + create);
    }
    String write = Json.text(load, "writeDisposition");
    if (write != null && !List.of("WRITE_APPEND", "WRITE_TRUNCATE", "WRITE_EMPTY").contains(write)) {
      throw ApiException.invalid("Invalid writeDisposition: " + write + " (the emulator knows WRITE_APPEND, "
          + "WRITE_TRUNCATE and WRITE_EMPTY)");
    }
    if (load.hasNonNull("maxBadRecords") && (!load.get("maxBadRecords").canConvertToInt()
        || load.get("maxBadRecords").asInt() < 0)) {
      throw ApiException.invalid("Invalid maxBadRecords: " + load.get("maxBadRecords").asText());
    }
    if (load.path("schema").has("fields")) {
      FieldSchema.listFromJson(load.path("schema").get("fields")); // refuses bad names and types now
    }
    return configuration;
  }

  static TableName destination(String project, JsonNode load) {
    JsonNode ref = load.path("destinationTable");
    String dataset = Json.requiredText(ref, "datasetId", "configuration.load.destinationTable.datasetId");
    String table = Json.requiredText(ref, "tableId", "configuration.load.destinationTable.tableId");
    String refProject = Json.text(ref, "projectId");
    return new TableName(refProject == null || refProject.isEmpty() ? project : refProject, dataset, table);
  }

  /** Runs the load; a failure is reported in the job's status (as BigQuery does), not thrown. */
  void run(Job job, byte[] data) {
    job.startTime = warehouse.stamp();
    JsonNode load = job.configuration.get("load");
    TableName target = destination(job.project, load);
    try {
      warehouse.locked(() -> {
        load(job, target, load, data);
        return null;
      });
    } catch (ApiException e) {
      job.error = e;
    } finally {
      job.endTime = warehouse.stamp();
    }
  }

  private void load(Job job, TableName target, JsonNode load, byte[] data) throws SQLException {
    job.load = new Job.LoadStats(data.length, 0, 0, 0);
    if (!warehouse.projects().contains(target.project())) {
      throw AccessDenied.of("tabledata.insertAll", List.of("projects", target.project(), "datasets", target.dataset(),
          "tables", target.table()));
    }
    warehouse.requireDataset(target.project(), target.dataset());
    String create = Optional.ofNullable(Json.text(load, "createDisposition")).orElse("CREATE_IF_NEEDED");
    String write = Optional.ofNullable(Json.text(load, "writeDisposition")).orElse("WRITE_APPEND");
    boolean ignoreUnknown = load.path("ignoreUnknownValues").asBoolean(false);
    int maxBad = load.path("maxBadRecords").asInt(0);
    List<FieldSchema> given = load.path("schema").has("fields")
        ? FieldSchema.listFromJson(load.path("schema").get("fields")) : List.of();
    Optional<TableInfo> existing = warehouse.table(target);
    List<FieldSchema> schema;
    if (existing.isEmpty()) {
      if (create.equals("CREATE_NEVER")) {
        throw ApiException.notFound("Table " + target.display());
      }
      if (given.isEmpty()) {
        throw ApiException.invalid("No schema specified on job or table.");
      }
      schema = given;
    } else {
      TableInfo info = existing.get();
      if (info.isView()) {
        throw ApiException.invalid("Cannot load data into " + target.display() + ": it is a view");
      }
      schema = info.schema();
      checkCompatible(target, schema, given);
      if (write.equals("WRITE_EMPTY") && warehouse.rowCount(target) > 0) {
        throw ApiException.duplicate("Table " + target.display());
      }
    }

    // Each line: its byte position and its row, or why it is bad.
    List<JsonNode> rows = new ArrayList<>();
    List<Long> rowPositions = new ArrayList<>();
    SortedMap<Long, String> bad = new TreeMap<>();
    long lines = 0;
    int start = 0;
    while (start < data.length) {
      int end = start;
      while (end < data.length && data[end] != '\n') {
        end++;
      }
      String line = new String(data, start, end - start, StandardCharsets.UTF_8);
      if (!line.isBlank()) {
        lines++;
        try {
          rows.add(LINE_READER.readTree(line));
          rowPositions.add((long) start);
        } catch (JsonProcessingException e) {
          bad.put((long) start, e.getOriginalMessage());
        }
      }
      start = end + 1;
    }
    RowInserter.Checked checked = RowInserter.check(schema, rows, ignoreUnknown);
    checked.errors().forEach((i, e) -> bad.put(rowPositions.get(i), e.getMessage()));

    List<ObjectNode> errors = new ArrayList<>();
    for (Map.Entry<Long, String> entry : bad.entrySet()) {
      if (errors.size() == LISTED_ERRORS) {
        break;
      }
      ObjectNode error = Json.object();
      error.put("reason", "invalid");
      error.put("message", "Error while reading data, error message: JSON parsing error in row starting at position "
          + entry.getKey() + ": " + entry.getValue());
      errors.add(error);
    }
    job.errors = errors;
    job.load = new Job.LoadStats(data.length, 0, 0, bad.size());
    if (bad.size() > maxBad) {
      throw ApiException.invalid("Error while reading data, error message: JSON table encountered too many errors, "
          + "giving up. Rows: " + lines + "; errors: " + bad.size() + ". Please look into the errors[] collection for "
          + "more details.");
    }

    List<String> tuples = checked.tuples();
    boolean truncate = existing.isPresent() && write.equals("WRITE_TRUNCATE");
    long bytesBefore = existing.isPresent() && !truncate ? warehouse.bytes(target, null) : 0;
    warehouse.transaction(() -> {
      if (existing.isEmpty()) {
        warehouse.createTable(target, schema);
        warehouse.resetTable(target, null);
        TableExtras.fromResource(warehouse, target, load, schema);
      } else if (truncate) {
        try (Statement s = warehouse.connection().createStatement()) {
          s.execute("DELETE FROM " + Sql.table(target));
        }
      }
      inserter.insertRows(target, schema, tuples);
    });
    if (truncate) {
      warehouse.streaming().forget(target); // the streamed rows went with the rest
    }
    warehouse.touch(target);
    job.load = new Job.LoadStats(data.length, tuples.size(), warehouse.bytes(target, null) - bytesBefore, bad.size());
  }

  /**
   * A schema given with a load into an existing table must agree with it: no new fields, no changed
   * types (BigQuery allows either only with schemaUpdateOptions, which the emulator refuses).
   */
  private static void checkCompatible(TableName target, List<FieldSchema> table, List<FieldSchema> given) {
    Map<String, FieldSchema> byName = new HashMap<>();
    table.forEach(f -> byName.put(f.name().toLowerCase(Locale.ROOT), f));
    for (FieldSchema field : given) {
      FieldSchema existing = byName.get(field.name().toLowerCase(Locale.ROOT));
      if (existing == null) {
        throw ApiException.invalid("Provided Schema does not match Table " + target.display() + ". Cannot add fields "
            + "(field: " + field.name() + ")");
      }
      if (!existing.type().equals(field.type()) || existing.repeated() != field.repeated()) {
        throw ApiException.invalid("Provided Schema does not match Table " + target.display() + ". Field "
            + field.name() + " has changed type from " + existing.type() + " to " + field.type());
      }
    }
  }
}
