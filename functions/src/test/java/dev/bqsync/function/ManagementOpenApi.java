package dev.bqsync.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The committed OpenAPI document, and the check of one answer against it. */
final class ManagementOpenApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  final JsonNode doc;

  ManagementOpenApi() throws IOException {
    try (InputStream in = ManagementFunction.class.getResourceAsStream(ManagementFunction.OPENAPI_RESOURCE)) {
      doc = JSON.readTree(in);
    }
  }

  /** Every "METHOD template" the document describes. */
  List<String> operations() {
    List<String> out = new ArrayList<>();
    doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
        .forEachRemaining(method -> out.add(method.toUpperCase() + " " + path.getKey())));
    return out;
  }

  /** What is wrong with {@code body} as the answer {@code status} of the operation; empty when it conforms. */
  String problems(String method, String template, int status, String contentType, JsonNode body) {
    JsonNode response = doc.path("paths").path(template).path(method.toLowerCase()).path("responses")
        .path(String.valueOf(status));
    if (response.isMissingNode()) {
      return method + " " + template + " does not document status " + status;
    }
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode schemaRef = response.path("content").path(type).path("schema");
    if (schemaRef.isMissingNode()) {
      return method + " " + template + " documents no " + type + " answer for status " + status;
    }
    ObjectNode schema = JSON.createObjectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.set("$defs", doc.path("components").path("schemas"));
    schema.put("$ref", schemaRef.path("$ref").asText().replace("#/components/schemas/", "#/$defs/"));
    String text = schema.toString().replace("#/components/schemas/", "#/$defs/");
    JsonSchema compiled = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text);
    Set<ValidationMessage> errors = compiled.validate(body);
    return errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; "));
  }
}
