package dev.bqsync.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the fields of one JSON object, recording a problem (with its JSON path) for each field that
 * is missing, of the wrong type or unknown, instead of stopping at the first.
 */
final class JsonObjectReader {
  /** Keys that would mean a secret was pasted into the configuration. */
  private static final Set<String> SECRET_KEYS = Set.of(
      "clientsecret", "client_secret", "refreshtoken", "refresh_token", "accesstoken", "access_token",
      "privatekey", "private_key", "password", "token", "secret");

  private final JsonNode json;
  private final String path;
  private final List<ConfigProblem> problems;

  JsonObjectReader(JsonNode json, String path, List<ConfigProblem> problems) {
    this.json = json;
    this.path = path;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  String pathOf(String field) {
    return path + "." + field;
  }

  void problem(String field, String message) {
    problems.add(new ConfigProblem(field == null ? path : pathOf(field), message));
  }

  int problemCount() {
    return problems.size();
  }

  /** Reports every key that is not one of {@code allowed}. */
  void allowOnly(String... allowed) {
    Set<String> known = Set.of(allowed);
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (known.contains(name)) {
        continue;
      }
      if (SECRET_KEYS.contains(name.toLowerCase(Locale.ROOT))) {
        problem(name, "secrets never go in the configuration: remove '" + name
            + "' and store it with 'bqsync tenant set-oauth-client' (it goes to Secret Manager)");
      } else {
        problem(name, "unknown field '" + name + "': allowed here are " + String.join(", ", allowed));
      }
    }
  }

  /** The field's JSON as it is (null when absent), for fields that take more than one form. */
  JsonNode raw(String field) {
    return json.get(field);
  }

  boolean has(String field) {
    JsonNode value = json.get(field);
    return value != null && !value.isNull();
  }

  String requiredText(String field, String hint) {
    String value = optionalText(field);
    if (value == null && !has(field)) {
      problem(field, "required: " + hint);
    }
    return value;
  }

  String optionalText(String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      problem(field, "must be a non-empty text");
      return null;
    }
    return value.asText();
  }

  boolean bool(String field, boolean defaultValue) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isBoolean()) {
      problem(field, "must be true or false");
      return defaultValue;
    }
    return value.booleanValue();
  }

  Long integer(String field, Long defaultValue) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      problem(field, "must be a whole number");
      return defaultValue;
    }
    return value.longValue();
  }

  /** A number in (0, 1], such as a share of a table. */
  Double fraction(String field, double defaultValue) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isNumber() || !(value.doubleValue() > 0 && value.doubleValue() <= 1)) {
      problem(field, "must be a number more than 0 and at most 1, e.g. 0.1 for 10%");
      return null;
    }
    return value.doubleValue();
  }

  /** An enum by its exact name; missing gives {@code defaultValue}, or a problem when that is null. */
  <E extends Enum<E>> E enumValue(String field, Class<E> type, E defaultValue) {
    JsonNode value = json.get(field);
    String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    if (value == null || value.isNull()) {
      if (defaultValue == null) {
        problem(field, "required: one of " + allowed);
      }
      return defaultValue;
    }
    if (value.isTextual()) {
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(value.asText())) {
          return constant;
        }
      }
    }
    problem(field, "'" + value.asText() + "' is not allowed: use one of " + allowed);
    return null;
  }

  /** A text field checked by {@code rule} (which returns the problem, if any). */
  String checkedText(String field, boolean required, String hint, Function<String, Optional<String>> rule) {
    String value = required ? requiredText(field, hint) : optionalText(field);
    if (value != null) {
      Optional<String> problem = rule.apply(value);
      if (problem.isPresent()) {
        problem(field, problem.get());
        return null;
      }
    }
    return value;
  }

  Optional<JsonObjectReader> object(String field, boolean required, String hint) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        problem(field, "required: " + hint);
      }
      return Optional.empty();
    }
    if (!value.isObject()) {
      problem(field, "must be an object: " + hint);
      return Optional.empty();
    }
    return Optional.of(new JsonObjectReader(value, pathOf(field), problems));
  }

  /** The elements of an array field (missing: empty), each as a reader when it is an object. */
  List<JsonObjectReader> objects(String field) {
    List<JsonObjectReader> out = new ArrayList<>();
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return out;
    }
    if (!value.isArray()) {
      problem(field, "must be a list");
      return out;
    }
    for (int i = 0; i < value.size(); i++) {
      String elementPath = pathOf(field) + "[" + i + "]";
      if (value.get(i).isObject()) {
        out.add(new JsonObjectReader(value.get(i), elementPath, problems));
      } else {
        problems.add(new ConfigProblem(elementPath, "must be an object"));
      }
    }
    return out;
  }

  /** The elements of an array of texts (missing: empty). */
  List<String> texts(String field) {
    List<String> out = new ArrayList<>();
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return out;
    }
    if (!value.isArray()) {
      problem(field, "must be a list of texts");
      return out;
    }
    for (int i = 0; i < value.size(); i++) {
      if (value.get(i).isTextual()) {
        out.add(value.get(i).asText());
      } else {
        problems.add(new ConfigProblem(pathOf(field) + "[" + i + "]", "must be a text"));
      }
    }
    return out;
  }
}
