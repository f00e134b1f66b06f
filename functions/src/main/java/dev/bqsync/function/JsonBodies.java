package dev.bqsync.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.core.log.TraceContext;
import dev.bqsync.sync.JobResult;
import dev.bqsync.sync.SectionOutcome;
import java.io.IOException;
import java.io.Writer;

/** Request bodies in and job results out, as JSON, for the HTTP functions. */
final class JsonBodies {
  static final ObjectMapper JSON = new ObjectMapper();

  private JsonBodies() {}

  /** The request's JSON object, or a BadRequest saying what is wrong with it. */
  static JsonNode object(HttpRequest request) {
    try {
      JsonNode body = JSON.readTree(request.getInputStream());
      if (body == null || !body.isObject()) {
        throw new BadRequest("the body must be a JSON object such as {\"tenantId\": \"acme\"}");
      }
      return body;
    } catch (IOException e) {
      throw new BadRequest("the body is not valid JSON: " + e.getMessage());
    }
  }

  static String requiredText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new BadRequest("\"" + field + "\" is required: a non-empty text");
    }
    return value.asText();
  }

  static String optionalText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new BadRequest("\"" + field + "\" must be a non-empty text when given");
    }
    return value.asText();
  }

  static boolean optionalFlag(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new BadRequest("\"" + field + "\" must be true or false");
    }
    return value.booleanValue();
  }

  static TraceContext trace(HttpRequest request, String projectId) {
    return TraceContext.from(projectId, request.getFirstHeader("traceparent").orElse(null),
        request.getFirstHeader("X-Cloud-Trace-Context").orElse(null)).orElse(null);
  }

  static ObjectNode result(JobResult result) {
    ObjectNode out = JSON.createObjectNode();
    out.put("tenantId", result.tenantId());
    out.put("runId", result.runId());
    if (result.message() != null) {
      out.put("message", result.message());
    }
    ArrayNode sections = out.putArray("sections");
    for (SectionOutcome o : result.sections()) {
      ObjectNode s = sections.addObject();
      s.put("sectionId", o.sectionId());
      s.put("status", o.status().name());
      s.put("rowsRead", o.rowsRead());
      s.put("rowsWritten", o.rowsWritten());
      s.put("rowsAlreadyPresent", o.rowsAlreadyPresent());
      s.put("rowsRejected", o.rowsRejected());
      s.set("rejectedByReason", JSON.valueToTree(o.rejected()));
      s.put("lateRowsRecovered", o.lateRowsRecovered());
      s.put("rowsParked", o.rowsParked());
      s.put("parkedRecovered", o.parkedRecovered());
      s.put("cursorBefore", o.cursorBefore());
      s.put("cursorAfter", o.cursorAfter());
      s.put("bigQueryJobs", o.bigQueryJobs());
      s.put("bytesProcessed", o.bytesProcessed());
      s.put("durationMs", o.durationMs());
      if (o.message() != null) {
        s.put("message", o.message());
      }
      if (!o.warnings().isEmpty()) {
        s.set("warnings", JSON.valueToTree(o.warnings()));
      }
      if (!o.samples().isEmpty()) {
        s.set("rejectedSamples", JSON.valueToTree(o.samples().subList(0, Math.min(10, o.samples().size()))));
      }
    }
    return out;
  }

  static void write(HttpResponse response, int status, JsonNode body) throws IOException {
    response.setStatusCode(status);
    response.setContentType("application/json; charset=utf-8");
    try (Writer writer = response.getWriter()) {
      writer.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
    }
  }

  static void error(HttpResponse response, int status, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", message);
    write(response, status, body);
  }

  /** What a JSON function does with a parsed body: an HTTP status and a JSON answer. */
  interface JsonCall {
    Reply call(Components components, JsonNode body, TraceContext trace);
  }

  record Reply(int status, JsonNode body) {}

  /**
   * The shared shape of the JSON functions: POST only, the composition root built once, the body
   * parsed (400 with what to change when it cannot be), then {@code call}.
   */
  static void serve(HttpRequest request, HttpResponse response, JsonCall call) throws IOException {
    if (!"POST".equals(request.getMethod())) {
      error(response, 405, "use POST with a JSON body {\"tenantId\": ...}");
      return;
    }
    Components components;
    try {
      components = Components.shared();
    } catch (RuntimeException e) {
      error(response, 500, "the function is misconfigured: " + e.getMessage());
      return;
    }
    Reply reply;
    try {
      reply = call.call(components, object(request), trace(request, components.projectId()));
    } catch (BadRequest e) {
      error(response, 400, e.getMessage());
      return;
    }
    write(response, reply.status(), reply.body());
  }

  /** A request the function cannot take as sent (400), with what to change. */
  static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
