package dev.bqsync.function;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.port.EventLog;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A JSON function's call with its components resolved: a function whose components cannot be built
 * (a setting that does not parse) answers 500 with what is wrong, and logs it with its stack trace.
 */
final class FunctionCall {
  private FunctionCall() {}

  static void serve(HttpRequest request, HttpResponse response, Set<String> fields, Supplier<String> projectId,
      Supplier<EventLog> log, String job, JsonBodies.JsonCall call) throws IOException {
    String project;
    EventLog events;
    try {
      project = projectId.get();
      events = log.get();
    } catch (RuntimeException e) {
      e.printStackTrace();
      JsonBodies.error(response, 500, "the function is misconfigured: " + e.getMessage());
      return;
    }
    JsonBodies.serve(request, response, fields, project, events, job, call);
  }
}
