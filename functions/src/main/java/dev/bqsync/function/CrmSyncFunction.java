package dev.bqsync.function;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.port.EventLog;
import dev.bqsync.sync.CrmSectionOutcome;
import dev.bqsync.sync.CrmSyncJob;
import dev.bqsync.sync.JobRequest;
import dev.bqsync.sync.JobResult;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The CRM sync, called hourly by Cloud Scheduler with an OIDC token and
 * {@code {"tenantId": "acme", "sectionId": "optional", "dryRun": false}}. Status codes follow the
 * usage pull: 200 done or needs a person, 503 may retry, 500 a bug, 400/404 for requests it cannot take.
 */
public final class CrmSyncFunction implements HttpFunction {
  static final Set<String> FIELDS = Set.of("tenantId", "sectionId", "dryRun", "full", "allowMassChange");

  private final Supplier<CrmSyncJob> job;
  private final Supplier<String> projectId;
  private final Supplier<EventLog> log;

  /** For the Functions runtime: the instance's components, built on the first request. */
  public CrmSyncFunction() {
    this(() -> Components.shared().crmSync(), () -> Components.shared().projectId(), () -> Components.shared().log());
  }

  /** For unit tests: the job to call, without a server or an environment. */
  CrmSyncFunction(CrmSyncJob job, String projectId, EventLog log) {
    this(() -> job, () -> projectId, () -> log);
  }

  private CrmSyncFunction(Supplier<CrmSyncJob> job, Supplier<String> projectId, Supplier<EventLog> log) {
    this.job = job;
    this.projectId = projectId;
    this.log = log;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    FunctionCall.serve(request, response, FIELDS, projectId, log, "crm", (body, trace) -> {
      // "full": read both sides in full and rewrite the state (a tenant with a state dataset; others always do);
      // "allowMassChange": apply the deletions and blankings the mass-change guard would hold back
      JobRequest sync = JobRequest.crm(JsonBodies.requiredText(body, "tenantId"),
          JsonBodies.optionalText(body, "sectionId"), JsonBodies.optionalFlag(body, "full"),
          JsonBodies.optionalFlag(body, "dryRun"), JsonBodies.optionalFlag(body, "allowMassChange"));
      JobResult<CrmSectionOutcome> result = job.get().run(sync, trace);
      return new JsonBodies.Reply(HttpAnswers.status(result), HttpAnswers.crm(result));
    });
  }
}
