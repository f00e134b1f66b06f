package dev.bqsync.function;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.core.log.EventName;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.log.TraceContext;
import dev.bqsync.gcp.CloudTraceHeaders;
import dev.bqsync.port.EventLog;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Request bodies in and answers out, as JSON, for the HTTP functions. */
final class JsonBodies {
  static final ObjectMapper JSON = new ObjectMapper();

  private JsonBodies() {}

  /**
   * The request's JSON object, or a BadRequest saying what is wrong with it. A field the function does
   * not know is refused by name: a typo such as {@code "forse"} must not silently run everything.
   */
  static JsonNode object(HttpRequest request, Set<String> allowed) {
    JsonNode body;
    try {
      body = JSON.readTree(request.getInputStream());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new BadRequest("the body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
          + at.getColumnNr() + ")") + ": send a JSON object such as {\"tenantId\": \"acme\"}");
    } catch (IOException e) {
      throw new BadRequest("the body could not be read: send a JSON object such as {\"tenantId\": \"acme\"}");
    }
    if (body == null || !body.isObject()) {
      throw new BadRequest("the body must be a JSON object such as {\"tenantId\": \"acme\"}");
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new BadRequest("unknown field" + (unknown.size() == 1 ? " " : "s ") + String.join(", ",
          unknown.stream().map(n -> "\"" + n + "\"").toList()) + ": the fields are " + String.join(", ",
          new TreeSet<>(allowed)));
    }
    return body;
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
    return CloudTraceHeaders.parse(projectId, request.getFirstHeader("traceparent").orElse(null),
        request.getFirstHeader("X-Cloud-Trace-Context").orElse(null)).orElse(null);
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

  /** What a JSON function does with a parsed body: a status and a JSON answer. */
  interface JsonCall {
    Reply call(JsonNode body, TraceContext trace);
  }

  record Reply(int status, JsonNode body) {}

  /**
   * The shared shape of the JSON functions: POST only, the body parsed and checked against its
   * fields (400 with what to change), then {@code call}. A failure that escapes is a bug: 500, and
   * one ERROR line with its stack trace.
   */
  static void serve(HttpRequest request, HttpResponse response, Set<String> fields, String projectId, EventLog log,
      String job, JsonCall call) throws IOException {
    if (!"POST".equals(request.getMethod())) {
      error(response, 405, "use POST with a JSON body {\"tenantId\": ...}");
      return;
    }
    TraceContext trace = trace(request, projectId);
    Reply reply;
    try {
      reply = call.call(object(request, fields), trace);
    } catch (BadRequest e) {
      error(response, 400, e.getMessage());
      return;
    } catch (RuntimeException e) {
      if (log != null) {
        log.emit(new LogEvent(Severity.ERROR, "unexpected failure in the " + job + " function", new LogLabels(null, job,
            null, null), trace, Map.of(), e).as(EventName.UNEXPECTED_FAILURE));
      } else {
        e.printStackTrace();
      }
      error(response, 500, "unexpected failure (" + e.getClass().getSimpleName() + "); it is logged with its stack "
          + "trace for the operators");
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
