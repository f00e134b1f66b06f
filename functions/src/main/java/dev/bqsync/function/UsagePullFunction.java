package dev.bqsync.function;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.port.EventLog;
import dev.bqsync.sync.JobRequest;
import dev.bqsync.sync.JobResult;
import dev.bqsync.sync.SectionOutcome;
import dev.bqsync.sync.UsagePullJob;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The usage pull, called by Cloud Scheduler with an OIDC token and
 * {@code {"tenantId": "acme", "sectionId": "optional", "force": false}}. Answers 200 when done or when
 * a person must act (FAILED sections say what to change; retrying would not help), 503 when a retry
 * may help (so Scheduler's retry policy applies), 500 for a bug, 400/404 for requests it cannot take.
 */
public final class UsagePullFunction implements HttpFunction {
  static final Set<String> FIELDS = Set.of("tenantId", "sectionId", "force");

  private final Supplier<UsagePullJob> job;
  private final Supplier<String> projectId;
  private final Supplier<EventLog> log;

  /** For the Functions runtime: the instance's components, built on the first request. */
  public UsagePullFunction() {
    this(() -> Components.shared().usagePull(), () -> Components.shared().projectId(), () -> Components.shared().log());
  }

  /** For unit tests: the job to call, without a server or an environment. */
  UsagePullFunction(UsagePullJob job, String projectId, EventLog log) {
    this(() -> job, () -> projectId, () -> log);
  }

  private UsagePullFunction(Supplier<UsagePullJob> job, Supplier<String> projectId, Supplier<EventLog> log) {
    this.job = job;
    this.projectId = projectId;
    this.log = log;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    FunctionCall.serve(request, response, FIELDS, projectId, log, "usage", (body, trace) -> {
      JobRequest pull = JobRequest.usage(JsonBodies.requiredText(body, "tenantId"),
          JsonBodies.optionalText(body, "sectionId"), JsonBodies.optionalFlag(body, "force"));
      JobResult<SectionOutcome> result = job.get().run(pull, trace);
      return new JsonBodies.Reply(HttpAnswers.status(result), HttpAnswers.usage(result));
    });
  }
}
