package dev.bqsync.core.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One change to the example configuration: set a value (JSON text) at a JSON pointer, or remove it. */
record ConfigEdit(String pointer, String json) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ConfigEdit set(String pointer, String json) {
    return new ConfigEdit(pointer, json);
  }

  static ConfigEdit remove(String pointer) {
    return new ConfigEdit(pointer, null);
  }

  void applyTo(JsonNode root) {
    JsonPointer path = JsonPointer.compile(pointer);
    JsonNode parent = root.at(path.head());
    String last = path.last().getMatchingProperty();
    try {
      if (parent instanceof ObjectNode object) {
        if (json == null) {
          object.remove(last);
        } else {
          object.set(last, JSON.readTree(json));
        }
      } else if (parent instanceof ArrayNode array) {
        int index = path.last().getMatchingIndex();
        if (json == null) {
          array.remove(index);
        } else if (index >= array.size()) {
          array.add(JSON.readTree(json));
        } else {
          array.set(index, JSON.readTree(json));
        }
      } else {
        throw new IllegalArgumentException("no parent at " + pointer);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
