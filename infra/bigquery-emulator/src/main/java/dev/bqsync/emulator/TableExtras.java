package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What BigQuery keeps of a table beyond its columns and returns from tables.get:
 * {@code timePartitioning}, {@code rangePartitioning}, {@code clustering} and the columns'
 * descriptions. The emulator stores them (partitioning has no effect on its results).
 */
final class TableExtras {
  private static final List<String> PARTITIONING = List.of("timePartitioning", "rangePartitioning", "clustering");
  private static final Set<String> TIME_UNITS = Set.of("DAY", "HOUR", "MONTH", "YEAR");

  private TableExtras() {}

  /** From tables.insert: the three settings as given, and top-level field descriptions. */
  static void fromResource(Warehouse warehouse, TableName name, JsonNode body, List<FieldSchema> schema)
      throws SQLException {
    ObjectNode extras = Json.object();
    for (String key : PARTITIONING) {
      if (body.hasNonNull(key)) {
        extras.set(key, body.get(key).deepCopy());
      }
    }
    validate(extras, schema);
    ObjectNode descriptions = descriptions(body);
    if (!descriptions.isEmpty()) {
      extras.set("columnDescriptions", descriptions);
    }
    warehouse.setExtras(name, extras);
  }

  /** From tables.patch: clustering and field descriptions may change; partitioning may not (as in BigQuery). */
  static void patch(Warehouse warehouse, TableName name, JsonNode body) throws SQLException {
    ObjectNode extras = warehouse.extras(name);
    if (body.has("clustering")) {
      if (body.get("clustering").isNull()) {
        extras.remove("clustering");
      } else {
        extras.set("clustering", body.get("clustering").deepCopy());
      }
    }
    ObjectNode descriptions = descriptions(body);
    if (!descriptions.isEmpty()) {
      ObjectNode current = extras.has("columnDescriptions") ? (ObjectNode) extras.get("columnDescriptions")
          : extras.putObject("columnDescriptions");
      current.setAll(descriptions);
    }
    warehouse.setExtras(name, extras);
  }

  /** From CREATE TABLE: what the translator read of PARTITION BY, CLUSTER BY and OPTIONS. */
  static void fromDdl(Warehouse warehouse, TableName name, ObjectNode ddl) throws SQLException {
    if (ddl == null || ddl.isEmpty()) {
      return;
    }
    ObjectNode extras = ddl.deepCopy();
    JsonNode description = extras.remove("description");
    validate(extras, warehouse.schema(name));
    warehouse.setExtras(name, extras);
    if (description != null) {
      warehouse.registerTable(name, null, description.asText(), null, null);
    }
  }

  /** Adds the stored settings to a tables.get answer, and descriptions to its schema's fields. */
  static void apply(ObjectNode extras, ObjectNode resource) {
    for (String key : PARTITIONING) {
      if (extras.has(key)) {
        resource.set(key, extras.get(key));
      }
    }
    JsonNode descriptions = extras.get("columnDescriptions");
    if (descriptions != null && resource.path("schema").path("fields").isArray()) {
      for (JsonNode field : resource.path("schema").path("fields")) {
        JsonNode description = descriptions.get(field.path("name").asText().toLowerCase(Locale.ROOT));
        if (description != null) {
          ((ObjectNode) field).put("description", description.asText());
        }
      }
    }
  }

  private static ObjectNode descriptions(JsonNode body) {
    ObjectNode out = Json.object();
    for (JsonNode field : body.path("schema").path("fields")) {
      if (field.hasNonNull("description")) {
        out.put(field.path("name").asText().toLowerCase(Locale.ROOT), field.get("description").asText());
      }
    }
    return out;
  }

  /** BigQuery's checks: a known unit, and partitioning and clustering fields that exist. */
  private static void validate(ObjectNode extras, List<FieldSchema> schema) {
    JsonNode time = extras.get("timePartitioning");
    if (time != null) {
      String type = time.path("type").asText("DAY");
      if (!TIME_UNITS.contains(type)) {
        throw ApiException.invalid("Invalid timePartitioning.type " + type + ": use DAY, HOUR, MONTH or YEAR");
      }
      if (time.hasNonNull("field")) {
        FieldSchema field = field(schema, time.get("field").asText(), "partitioning");
        if (!Set.of("DATE", "TIMESTAMP", "DATETIME").contains(field.type())) {
          throw ApiException.invalid("The field specified for time partitioning can only be of type TIMESTAMP, DATE or "
              + "DATETIME. The type found is: " + field.type() + ".");
        }
      }
    }
    JsonNode range = extras.get("rangePartitioning");
    if (range != null) {
      FieldSchema field = field(schema, range.path("field").asText(), "partitioning");
      if (!field.type().equals("INTEGER")) {
        throw ApiException.invalid("The field specified for range partitioning must be of type INTEGER. The type found is: "
            + field.type() + ".");
      }
    }
    JsonNode clustering = extras.path("clustering").path("fields");
    if (clustering instanceof ArrayNode fields) {
      if (fields.size() > 4) {
        throw ApiException.invalid("Too many clustering fields: " + fields.size() + ", only up to 4 are allowed.");
      }
      fields.forEach(f -> field(schema, f.asText(), "clustering"));
    }
  }

  private static FieldSchema field(List<FieldSchema> schema, String name, String purpose) {
    return schema.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
        ApiException.invalid("The field specified for " + purpose + " cannot be found in the schema: " + name));
  }
}
