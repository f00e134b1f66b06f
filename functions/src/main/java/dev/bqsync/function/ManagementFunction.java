package dev.bqsync.function;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.oauth.MintRefusedException;
import dev.bqsync.oauth.MintedTicket;
import dev.bqsync.oauth.OAuthFlow;
import dev.bqsync.port.EventLog;
import java.net.URI;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private management API the CRM's backend calls (never public: Terraform lets only the
 * identities in {@code management_invokers} invoke it). Its first resource is the connect link:
 * {@code POST /v1/tenants/{tenantId}/connection/link} with {@code {"admin": "...", "replace": false}}
 * answers 201 with the single-use link for that admin, when it expires, and the redirect URI to
 * register. The backend sends its signed-in admin's browser to the link; docs/oauth.md.
 */
public final class ManagementFunction implements HttpFunction {
  static final Pattern CONNECT_LINK = Pattern.compile("/v1/tenants/([^/]+)/connection/link");
  static final Set<String> LINK_FIELDS = Set.of("admin", "replace");

  private final Supplier<OAuthFlow> flow;
  private final Supplier<String> redirectUri;
  private final Supplier<String> projectId;
  private final Supplier<EventLog> log;

  /** For the Functions runtime: the instance's components, built on the first request. */
  public ManagementFunction() {
    this(() -> Components.shared().oauth(), () -> Components.shared().settings().get(Settings.OAUTH_REDIRECT_URI),
        () -> Components.shared().projectId(), () -> Components.shared().log());
  }

  ManagementFunction(Supplier<OAuthFlow> flow, Supplier<String> redirectUri, Supplier<String> projectId,
      Supplier<EventLog> log) {
    this.flow = flow;
    this.redirectUri = redirectUri;
    this.projectId = projectId;
    this.log = log;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    Matcher link = CONNECT_LINK.matcher(request.getPath());
    if (!link.matches()) {
      JsonBodies.error(response, 404, "no such resource: this API serves POST /v1/tenants/{tenantId}/connection/link");
      return;
    }
    FunctionCall.serve(request, response, LINK_FIELDS, projectId, log, "management", (body, trace) -> {
      String admin = JsonBodies.requiredText(body, "admin");
      boolean replace = JsonBodies.optionalFlag(body, "replace");
      ObjectNode out = JsonBodies.JSON.createObjectNode();
      try {
        MintedTicket ticket = flow.get().mint(link.group(1), admin, replace);
        String callback = redirectUri.get();
        String base = callback.substring(0, callback.length() - OAuthFunction.CALLBACK_PATH.length());
        out.put("url", URI.create(base + OAuthFunction.START_PATH + "?ticket=" + ticket.ticket()).toString());
        out.put("expiresAt", ticket.expiresAt().toString());
        out.put("redirectUri", callback);
        return new JsonBodies.Reply(201, out);
      } catch (MintRefusedException e) {
        out.put("error", e.getMessage());
        return new JsonBodies.Reply(switch (e.reason()) {
          case INVALID -> 400;
          case NOT_FOUND -> 404;
          case NOT_READY -> 409;
        }, out);
      }
    });
  }
}
