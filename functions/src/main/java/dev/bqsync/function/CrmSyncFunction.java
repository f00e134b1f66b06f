package dev.bqsync.function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.sync.CrmJobResult;
import dev.bqsync.sync.CrmSectionOutcome;
import dev.bqsync.sync.CrmSyncJob;
import dev.bqsync.sync.CrmSyncRequest;

/**
 * The CRM sync, called hourly by Cloud Scheduler with an OIDC token and
 * {@code {"tenantId": "acme", "sectionId": "optional", "dryRun": false}}. Status codes follow the
 * usage pull: 200 with a summary per section (FAILED included when a person must act), 503 when a
 * retry may help, 400/404 for requests it cannot take.
 */
public final class CrmSyncFunction implements HttpFunction {
  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    JsonBodies.serve(request, response, (components, body, trace) -> {
      CrmSyncRequest sync = new CrmSyncRequest(JsonBodies.requiredText(body, "tenantId"),
          JsonBodies.optionalText(body, "sectionId"), JsonBodies.optionalFlag(body, "dryRun"));
      CrmJobResult result = components.crmSync().run(sync, trace);
      return new JsonBodies.Reply(result.httpStatus(), body(result));
    });
  }

  static ObjectNode body(CrmJobResult result) {
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    out.put("tenantId", result.tenantId());
    out.put("runId", result.runId());
    if (result.message() != null) {
      out.put("message", result.message());
    }
    ArrayNode sections = out.putArray("sections");
    for (CrmSectionOutcome o : result.sections()) {
      ObjectNode s = sections.addObject();
      s.put("sectionId", o.sectionId());
      s.put("status", o.status().name());
      s.put("dryRun", o.dryRun());
      s.set("counts", JsonBodies.JSON.valueToTree(CrmSyncJob.counts(o)));
      if (o.plan() != null) {
        s.set("changesByField", JsonBodies.JSON.valueToTree(o.plan().changesByField()));
        s.set("rejectedByReason", JsonBodies.JSON.valueToTree(o.plan().rejectedByReason()));
        if (!o.plan().rejectedSamples().isEmpty()) {
          s.set("rejectedSamples", JsonBodies.JSON.valueToTree(o.plan().rejectedSamples().subList(0,
              Math.min(10, o.plan().rejectedSamples().size()))));
        }
        if (o.plan().conflicts() > 0) {
          s.set("conflictSamples", JsonBodies.JSON.valueToTree(o.plan().conflictSamples().subList(0,
              Math.min(10, o.plan().conflictSamples().size()))));
        }
      }
      if (o.message() != null) {
        s.put("message", o.message());
      }
    }
    return out;
  }
}
