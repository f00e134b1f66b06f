package dev.bqsync.function;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.sync.JobResult;
import dev.bqsync.sync.UsagePullRequest;

/**
 * The usage pull, called by Cloud Scheduler with an OIDC token and
 * {@code {"tenantId": "acme", "sectionId": "optional", "force": false}}. Answers 200 with a summary
 * per section (including FAILED runs that need a person: retrying them would not help), 503 when
 * a retry may help (so Scheduler's retry policy applies), 400/404 for requests it cannot take.
 */
public final class UsagePullFunction implements HttpFunction {
  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    JsonBodies.serve(request, response, (components, body, trace) -> {
      UsagePullRequest pull = new UsagePullRequest(JsonBodies.requiredText(body, "tenantId"),
          JsonBodies.optionalText(body, "sectionId"), JsonBodies.optionalFlag(body, "force"));
      JobResult result = components.usagePull().run(pull, trace);
      return new JsonBodies.Reply(result.httpStatus(), JsonBodies.result(result));
    });
  }
}
