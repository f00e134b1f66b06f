package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bqsync.emulator.sql.Parameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code queryParameters} of a query request, turned into typed DuckDB literals. Values never
 * become SQL text of their own: each is validated and quoted by {@link Values}.
 */
final class QueryParameters implements Parameters {
  private final Map<String, Literal> named = new HashMap<>();
  private final List<Literal> positional = new ArrayList<>();

  static QueryParameters from(JsonNode queryConfig) {
    QueryParameters out = new QueryParameters();
    JsonNode params = queryConfig.get("queryParameters");
    if (params == null || !params.isArray()) {
      return out;
    }
    for (JsonNode param : params) {
      String name = Json.text(param, "name");
      FieldSchema schema = schema(name == null ? "param" : name, param.get("parameterType"));
      JsonNode natural = natural(param.get("parameterType"), param.get("parameterValue"));
      String literal;
      try {
        // An array (a MERGE's rows: thousands of structs) as one JSON constant, which DuckDB binds in
        // milliseconds where a literal of as many expressions takes seconds, once per type probe too.
        literal = schema.repeated() && Values.jsonCastable(schema) ? Values.typedFromJson(schema, natural, false)
            : Values.typed(schema, natural, false);
      } catch (ValueException e) {
        throw ApiException.invalidQuery("Invalid value for query parameter " + (name == null ? "" : "@" + name)
            + ": " + e.getMessage());
      }
      boolean structArray = schema.repeated() && schema.type().equals("RECORD");
      Literal value = new Literal(literal, structArray);
      if (name == null || name.isEmpty()) {
        out.positional.add(value);
      } else {
        out.named.put(name.toLowerCase(Locale.ROOT), value);
      }
    }
    return out;
  }

  @Override
  public Literal named(String name) {
    Literal literal = named.get(name.toLowerCase(Locale.ROOT));
    if (literal == null) {
      throw ApiException.invalidQuery("Query parameter '" + name + "' not found");
    }
    return literal;
  }

  @Override
  public Literal positional(int index) {
    if (index >= positional.size()) {
      throw ApiException.invalidQuery("Query parameter number " + (index + 1) + " not found");
    }
    return positional.get(index);
  }

  private static FieldSchema schema(String name, JsonNode type) {
    if (type == null) {
      throw ApiException.invalidQuery("Query parameter " + name + " has no parameterType");
    }
    String kind = Json.requiredText(type, "type", "parameterType.type").toUpperCase(Locale.ROOT);
    switch (kind) {
      case "ARRAY" -> {
        FieldSchema element = schema(name, type.get("arrayType"));
        if (element.repeated()) {
          throw ApiException.invalidQuery("Query parameter " + name + ": arrays of arrays are not supported");
        }
        return new FieldSchema(name, element.type(), "REPEATED", element.fields(), null);
      }
      case "STRUCT" -> {
        List<FieldSchema> fields = new ArrayList<>();
        int index = 1;
        for (JsonNode member : type.path("structTypes")) {
          String memberName = Json.text(member, "name");
          fields.add(schema(memberName == null || memberName.isEmpty() ? "_field_" + index : memberName,
              member.get("type")));
          index++;
        }
        return new FieldSchema(name, "RECORD", "NULLABLE", fields, null);
      }
      case "RANGE" -> throw ApiException.unsupported("RANGE query parameters");
      default -> {
        return FieldSchema.of(name, kind);
      }
    }
  }

  /** A parameterValue in the plain JSON shape insertAll uses, so both go through {@link Values}. */
  private static JsonNode natural(JsonNode type, JsonNode value) {
    String kind = Json.text(type, "type").toUpperCase(Locale.ROOT);
    if (value == null || value.isNull()) {
      return Json.MAPPER.nullNode();
    }
    if (kind.equals("ARRAY")) {
      ArrayNode out = Json.array();
      for (JsonNode element : value.path("arrayValues")) {
        out.add(natural(type.get("arrayType"), element));
      }
      return out;
    }
    if (kind.equals("STRUCT")) {
      JsonNode members = value.get("structValues");
      if (members == null) {
        return Json.MAPPER.nullNode();
      }
      ObjectNode out = Json.object();
      int index = 1;
      for (JsonNode member : type.path("structTypes")) {
        String name = Json.text(member, "name");
        String key = name == null || name.isEmpty() ? "_field_" + index : name;
        out.set(key, natural(member.get("type"), members.get(name == null ? "" : name)));
        index++;
      }
      return out;
    }
    JsonNode scalar = value.get("value");
    return scalar == null ? Json.MAPPER.nullNode() : scalar;
  }
}
