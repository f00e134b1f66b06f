package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The one ObjectMapper and a few helpers for the REST resources. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return object();
    }
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiException.invalid("Request body is not valid JSON: " + e.getMessage());
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static String requiredText(JsonNode node, String field, String what) {
    String value = text(node, field);
    if (value == null || value.isEmpty()) {
      throw ApiException.invalid("Required parameter is missing: " + what);
    }
    return value;
  }
}
