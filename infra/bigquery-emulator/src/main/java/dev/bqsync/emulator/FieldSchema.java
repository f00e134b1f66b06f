package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One field of a BigQuery schema: name, standard SQL type, mode (NULLABLE, REQUIRED, REPEATED)
 * and, for RECORD, its sub-fields. Converts to and from the REST {@code TableFieldSchema} and to
 * the DuckDB column type that stores it.
 */
record FieldSchema(String name, String type, String mode, List<FieldSchema> fields, String description) {
  FieldSchema {
    type = canonicalType(type);
    mode = mode == null ? "NULLABLE" : mode.toUpperCase(Locale.ROOT);
    fields = List.copyOf(fields == null ? List.of() : fields);
    if (!List.of("NULLABLE", "REQUIRED", "REPEATED").contains(mode)) {
      throw ApiException.invalid("Invalid mode " + mode + " for field " + name);
    }
    if (type.equals("RECORD") && fields.isEmpty()) {
      throw ApiException.invalid("Field " + name + " is type RECORD but has no schema");
    }
  }

  static FieldSchema of(String name, String type) {
    return new FieldSchema(name, type, "NULLABLE", List.of(), null);
  }

  boolean repeated() {
    return mode.equals("REPEATED");
  }

  /** This field as one element (a REPEATED field's item type). */
  FieldSchema element() {
    return new FieldSchema(name, type, "NULLABLE", fields, description);
  }

  /** The legacy names the REST API also accepts, mapped to the standard SQL ones. */
  static String canonicalType(String type) {
    if (type == null) {
      throw ApiException.invalid("A field has no type");
    }
    String upper = type.toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "INTEGER", "INT64" -> "INTEGER";
      case "FLOAT", "FLOAT64" -> "FLOAT";
      case "BOOLEAN", "BOOL" -> "BOOLEAN";
      case "RECORD", "STRUCT" -> "RECORD";
      case "BIGNUMERIC", "BIGDECIMAL" -> "BIGNUMERIC";
      case "NUMERIC", "DECIMAL" -> "NUMERIC";
      case "STRING", "BYTES", "DATE", "DATETIME", "TIME", "TIMESTAMP", "JSON", "GEOGRAPHY", "INTERVAL" -> upper;
      default -> throw ApiException.invalid("Invalid field type " + type);
    };
  }

  /** The DuckDB type that stores this field (a list type for REPEATED). */
  String duckType() {
    String element = switch (type) {
      case "INTEGER" -> "BIGINT";
      case "FLOAT" -> "DOUBLE";
      case "BOOLEAN" -> "BOOLEAN";
      case "STRING", "GEOGRAPHY", "INTERVAL" -> "VARCHAR";
      case "BYTES" -> "BLOB";
      case "NUMERIC" -> DuckTypes.NUMERIC;
      case "BIGNUMERIC" -> DuckTypes.BIGNUMERIC;
      case "DATE" -> "DATE";
      case "DATETIME" -> "TIMESTAMP";
      case "TIME" -> "TIME";
      case "TIMESTAMP" -> "TIMESTAMPTZ";
      case "JSON" -> "JSON";
      case "RECORD" -> {
        List<String> parts = new ArrayList<>();
        for (FieldSchema field : fields) {
          parts.add(Sql.quoteIdentifier(field.name()) + " " + field.duckType());
        }
        yield "STRUCT(" + String.join(", ", parts) + ")";
      }
      default -> throw new IllegalStateException(type);
    };
    return repeated() ? element + "[]" : element;
  }

  static List<FieldSchema> listFromJson(JsonNode fieldsNode) {
    List<FieldSchema> out = new ArrayList<>();
    if (fieldsNode != null && fieldsNode.isArray()) {
      for (JsonNode f : fieldsNode) {
        out.add(fromJson(f));
      }
    }
    return out;
  }

  static FieldSchema fromJson(JsonNode node) {
    String name = Json.text(node, "name");
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,299}")) {
      throw ApiException.invalid("Invalid field name \"" + name
          + "\". Fields must contain only letters, numbers, and underscores, start with a letter or underscore, "
          + "and be at most 300 characters long.");
    }
    return new FieldSchema(name, Json.text(node, "type"), Json.text(node, "mode"), listFromJson(node.get("fields")),
        Json.text(node, "description"));
  }

  ObjectNode toJson() {
    ObjectNode node = Json.object();
    node.put("name", name);
    node.put("type", type);
    node.put("mode", mode);
    if (!fields.isEmpty()) {
      ArrayNode sub = node.putArray("fields");
      fields.forEach(f -> sub.add(f.toJson()));
    }
    if (description != null) {
      node.put("description", description);
    }
    return node;
  }

  static ObjectNode schemaJson(List<FieldSchema> fields) {
    ObjectNode schema = Json.object();
    ArrayNode array = schema.putArray("fields");
    fields.forEach(f -> array.add(f.toJson()));
    return schema;
  }
}
