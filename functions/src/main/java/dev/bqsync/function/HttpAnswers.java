package dev.bqsync.function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bqsync.sync.Counts;
import dev.bqsync.sync.CrmSectionOutcome;
import dev.bqsync.sync.JobResult;
import dev.bqsync.sync.SectionOutcome;
import dev.bqsync.sync.SectionResult;
import java.util.function.BiConsumer;

/**
 * Job results as HTTP answers: the one place that turns domain verdicts into status codes
 * (docs/failures.md) and outcomes into JSON.
 */
public final class HttpAnswers {
  private HttpAnswers() {}

  public static int status(JobResult<?> result) {
    return switch (result.verdict()) {
      case REFUSED -> switch (result.refusal()) {
        case INVALID_REQUEST -> 400;
        case NOT_FOUND -> 404;
        case SWITCHED_OFF, MISCONFIGURED -> 200;
      };
      case BUG -> 500;
      case MAY_RETRY -> 503;
      case NEEDS_PERSON, DONE -> 200;
    };
  }

  static ObjectNode usage(JobResult<SectionOutcome> result) {
    return body(result, (o, s) -> {
      Counts.of(o.counts()).forEach(s::put);
      s.set("rejectedByReason", JsonBodies.JSON.valueToTree(o.rejectedByReason()));
      s.put("cursorBefore", o.cursorBefore());
      s.put("cursorAfter", o.cursorAfter());
    });
  }

  static ObjectNode crm(JobResult<CrmSectionOutcome> result) {
    return body(result, (o, s) -> {
      s.put("dryRun", o.dryRun());
      s.set("counts", JsonBodies.JSON.valueToTree(Counts.of(o.counts())));
      if (o.plan() != null) {
        s.set("changesByField", JsonBodies.JSON.valueToTree(o.plan().changesByField()));
        s.set("rejectedByReason", JsonBodies.JSON.valueToTree(o.plan().rejectedByReason()));
        if (o.plan().conflicts() > 0) {
          s.set("conflictSamples", JsonBodies.JSON.valueToTree(o.plan().conflictSamples().subList(0,
              Math.min(10, o.plan().conflictSamples().size()))));
        }
      }
    });
  }

  private static <O extends SectionResult> ObjectNode body(JobResult<O> result, BiConsumer<O, ObjectNode> details) {
    ObjectNode out = JsonBodies.JSON.createObjectNode();
    out.put("tenantId", result.tenantId());
    out.put("runId", result.runId());
    if (result.refusal() != null) {
      out.put("refusal", result.refusal().name());
      out.put("message", result.message());
    }
    ArrayNode sections = out.putArray("sections");
    for (O o : result.sections()) {
      ObjectNode s = sections.addObject();
      s.put("sectionId", o.sectionId());
      s.put("status", o.status().name());
      if (o.failure() != null) {
        s.put("failure", o.failure().name());
      }
      details.accept(o, s);
      if (o.message() != null) {
        s.put("message", o.message());
      }
      if (!o.warnings().isEmpty()) {
        s.set("warnings", JsonBodies.JSON.valueToTree(o.warnings()));
      }
      if (!o.rejectedSamples().isEmpty()) {
        s.set("rejectedSamples", JsonBodies.JSON.valueToTree(o.rejectedSamples().subList(0,
            Math.min(10, o.rejectedSamples().size()))));
      }
    }
    return out;
  }
}
