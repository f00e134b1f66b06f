package dev.bqsync.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.TransientException;
import dev.bqsync.core.config.InvalidConfigException;
import dev.bqsync.core.log.EventName;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.log.TraceContext;
import dev.bqsync.manage.CallerAccess;
import dev.bqsync.manage.ManagementException;
import dev.bqsync.oauth.MintRefusedException;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The private management API the CRM's backend calls to set tenants up and watch them (never public:
 * Terraform lets only {@code management_invokers} invoke it, and each request's verified caller must
 * be allowed for the tenant in its path by {@code MANAGEMENT_CALLERS}). JSON over HTTP, described by
 * the OpenAPI document it serves at {@code /openapi.json} (docs/management-api.md). Refusals answer
 * one problem shape ({@code application/problem+json}, RFC 9457) with what to change.
 */
public final class ManagementFunction implements HttpFunction {
  static final String OPENAPI_RESOURCE = StaticFiles.OPENAPI;

  private final Supplier<Components> components;
  private volatile Guard guard;

  /** The caller checks, built once from the settings; {@code localCaller} only on the emulators. */
  private record Guard(CallerIdentity identity, CallerAccess access, Optional<String> localCaller) {
    Optional<String> caller(HttpRequest request) {
      if (request.getFirstHeader("Authorization").isEmpty() && localCaller.isPresent()) {
        return localCaller;
      }
      return identity.of(request);
    }
  }

  /** For the Functions runtime: the instance's components, built on the first request. */
  public ManagementFunction() {
    this(Components::shared);
  }

  ManagementFunction(Supplier<Components> components) {
    this.components = components;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    String path = request.getPath();
    if (request.getMethod().equals("GET") && (path.equals("/openapi.json") || path.startsWith("/console"))) {
      StaticFiles.serve(path, response);
      return;
    }
    Components c;
    Guard g;
    try {
      c = components.get();
      g = guard(c);
    } catch (RuntimeException e) {
      e.printStackTrace();
      problem(response, 500, "the function is misconfigured", e.getMessage(), path, List.of());
      return;
    }
    Optional<ManagementRoutes.Matched> matched = ManagementRoutes.match(request.getMethod(), path);
    if (matched.isEmpty()) {
      boolean otherMethod = ManagementRoutes.pathExists(path);
      problem(response, otherMethod ? 405 : 404, otherMethod ? "method not allowed" : "no such resource",
          otherMethod ? request.getMethod() + " is not served here: see /openapi.json" : "no resource at " + path
              + ": see /openapi.json for the API", path, List.of());
      return;
    }
    TraceContext trace = JsonBodies.trace(request, c.projectId());
    String tenantId = matched.get().params().get("tenantId");
    try {
      Optional<String> caller = g.caller(request);
      g.access().check(caller, tenantId);
      Optional<String> bad = matched.get().params().entrySet().stream()
          .map(e -> ManagementRoute.problem(e.getKey(), e.getValue())).flatMap(Optional::stream).findFirst();
      if (bad.isPresent()) {
        throw new ManagementException(ManagementException.Kind.INVALID, bad.get());
      }
      ManagementHandlers.Reply reply = new ManagementHandlers(c, g.access(), caller.get(), trace)
          .handle(matched.get(), request);
      reply.headers().forEach(response::appendHeader);
      JsonBodies.write(response, reply.status(), reply.body());
    } catch (ManagementException e) {
      problem(response, e.kind().status(), e.kind().title(), e.getMessage(), path, e.problems().stream()
          .map(p -> Map.of("path", p.path(), "message", p.message())).toList());
    } catch (JsonBodies.BadRequest e) {
      problem(response, 400, ManagementException.Kind.INVALID.title(), e.getMessage(), path, List.of());
    } catch (MintRefusedException e) {
      int status = switch (e.reason()) {
        case INVALID -> 400;
        case NOT_FOUND -> 404;
        case NOT_READY -> 409;
      };
      problem(response, status, status == 409 ? ManagementException.Kind.CONFLICT.title()
          : status == 404 ? ManagementException.Kind.NOT_FOUND.title() : ManagementException.Kind.INVALID.title(),
          e.getMessage(), path, List.of());
    } catch (InvalidConfigException | NeedsAttentionException e) {
      problem(response, 409, "the tenant needs attention", e.getMessage(), path, List.of());
    } catch (TransientException e) {
      problem(response, 503, "try again shortly", e.getMessage(), path, List.of());
    } catch (RuntimeException e) {
      c.log().emit(new LogEvent(Severity.ERROR, "unexpected failure in the management function", new LogLabels(
          tenantId != null && ManagementRoute.problem("tenantId", tenantId).isEmpty() ? tenantId : null, "management",
          null, null), trace, Map.of(), e).as(EventName.UNEXPECTED_FAILURE));
      problem(response, 500, "unexpected failure", "unexpected failure (" + e.getClass().getSimpleName()
          + "); it is logged with its stack trace for the operators", path, List.of());
    }
  }

  private Guard guard(Components c) {
    Guard g = guard;
    if (g == null) {
      Settings s = c.settings();
      // A local caller is a convenience of the embedded stack: never where Firestore is real.
      Optional<String> local = s.firestoreEmulated() ? Optional.ofNullable(s.get(Settings.MANAGEMENT_LOCAL_CALLER))
          : Optional.empty();
      g = new Guard(new CallerIdentity(s.get(Settings.MANAGEMENT_TOKEN_CERTS_URI)),
          CallerAccess.parse(s.get(Settings.MANAGEMENT_CALLERS)), local);
      guard = g;
    }
    return g;
  }

  static void problem(HttpResponse response, int status, String title, String detail, String instance,
      List<Map<String, String>> problems) throws IOException {
    ObjectNode body = JsonBodies.JSON.createObjectNode();
    body.put("type", "https://bqsync.dev/problems/" + status);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", instance);
    if (!problems.isEmpty()) {
      ArrayNode list = body.putArray("problems");
      problems.forEach(p -> list.addObject().put("path", p.get("path")).put("message", p.get("message")));
    }
    response.setStatusCode(status);
    response.setContentType("application/problem+json; charset=utf-8");
    try (Writer writer = response.getWriter()) {
      writer.write(JsonBodies.JSON.writerWithDefaultPrettyPrinter().writeValueAsString((JsonNode) body));
    }
  }
}
