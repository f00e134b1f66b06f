package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a seed file: datasets with tables (schema in the REST API's form, rows in insertAll's
 * form) and views, then optional GoogleSQL statements, in order. The format is in
 * docs/bigquery-emulator.md.
 */
final class Seed {
  private Seed() {}

  static void load(BigQueryEmulator emulator, Path file) {
    JsonNode seed;
    try {
      seed = Json.MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read seed file " + file + ": " + e.getMessage(), e);
    }
    String defaultProject = emulator.projects().get(0);
    for (JsonNode dataset : seed.path("datasets")) {
      String project = dataset.hasNonNull("project") ? dataset.get("project").asText()
          : seed.hasNonNull("project") ? seed.get("project").asText() : defaultProject;
      String id = Json.requiredText(dataset, "id", "datasets[].id");
      emulator.createDataset(project, id, Json.text(dataset, "location"));
      for (JsonNode table : dataset.path("tables")) {
        String tableId = Json.requiredText(table, "id", "tables[].id");
        List<FieldSchema> schema = FieldSchema.listFromJson(table.get("schema"));
        emulator.createTable(new TableName(project, id, tableId), schema);
        List<JsonNode> rows = new ArrayList<>();
        table.path("rows").forEach(rows::add);
        emulator.insertRows(new TableName(project, id, tableId), rows);
      }
      for (JsonNode view : dataset.path("views")) {
        emulator.execute(project, "CREATE VIEW `" + project + "." + id + "."
            + Json.requiredText(view, "id", "views[].id") + "` AS " + Json.requiredText(view, "query", "views[].query"));
      }
    }
    for (JsonNode statement : seed.path("statements")) {
      emulator.execute(seed.hasNonNull("project") ? seed.get("project").asText() : defaultProject, statement.asText());
    }
  }
}
