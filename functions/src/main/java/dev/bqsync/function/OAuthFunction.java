package dev.bqsync.function;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.bqsync.core.config.Identifiers;
import dev.bqsync.oauth.OAuthFlow;
import dev.bqsync.oauth.OAuthPage;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The only public function: {@code GET /start?ticket=T} (a connect link minted through a private
 * path, see OAuthFlow#mint) sends the tenant admin to Google's consent page; {@code GET
 * /callback?code=&state=} (the redirect URI tenants register) completes the connection in the same
 * browser and answers a small page saying what happened. It reads no CRM data.
 */
public final class OAuthFunction implements HttpFunction {
  public static final String START_PATH = "/start";
  public static final String CALLBACK_PATH = "/callback";
  /** The browser cookie that binds a callback to the browser that opened the connect link. */
  public static final String COOKIE = "__Host-bqsync-connect";

  private final Supplier<OAuthFlow> flow;

  /** For the Functions runtime: the instance's components, built on the first request. */
  public OAuthFunction() {
    this(() -> Components.shared().oauth());
  }

  /** For unit tests: the flow to call, without a server or an environment. */
  OAuthFunction(Supplier<OAuthFlow> flow) {
    this.flow = flow;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    if (!"GET".equals(request.getMethod())) {
      page(response, OAuthPage.page(405, "Not here", "Open this link in a browser."));
      return;
    }
    OAuthFlow oauth;
    try {
      oauth = flow.get();
    } catch (RuntimeException e) {
      page(response, OAuthPage.page(500, "Not available", "The connection service is misconfigured. Tell your CRM "
          + "administrator."));
      return;
    }
    Map<String, List<String>> query = request.getQueryParameters();
    String path = request.getPath();
    OAuthPage result;
    try {
      if (path.endsWith(START_PATH)) {
        String tenant = first(query, "tenant");
        // Checked here, before any lookup or the ticket: an id with path characters reaches nothing.
        result = tenant != null && Identifiers.tenantIdProblem(tenant).isPresent() ? OAuthPage.refused()
            : oauth.start(first(query, "ticket"), tenant);
      } else if (path.endsWith(CALLBACK_PATH)) {
        result = oauth.callback(first(query, "code"), first(query, "state"), first(query, "error"),
            browserCookie(request));
      } else {
        result = OAuthPage.page(404, "Not found", "This address is not part of the BigQuery connection.");
      }
    } catch (RuntimeException e) {
      // e.g. a stored configuration naming another tenant: a page, never the runtime's stack trace
      result = oauth.failed(e);
    }
    page(response, result);
  }

  /** The cookie set at the start, if the browser sent it back. */
  static String browserCookie(HttpRequest request) {
    for (String header : request.getHeaders().getOrDefault("Cookie", request.getHeaders().getOrDefault("cookie",
        List.of()))) {
      for (String pair : header.split(";")) {
        String trimmed = pair.trim();
        if (trimmed.startsWith(COOKIE + "=")) {
          return trimmed.substring(COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static void page(HttpResponse response, OAuthPage page) throws java.io.IOException {
    response.setStatusCode(page.status());
    response.appendHeader("Cache-Control", "no-store");
    response.appendHeader("Referrer-Policy", "no-referrer");
    if (page.browserCookie() != null) {
      // __Host-: Secure, Path=/ and no Domain, so no other site or subdomain can set or read it.
      response.appendHeader("Set-Cookie", COOKIE + "=" + page.browserCookie() + "; Path=/; Secure; HttpOnly; "
          + "SameSite=Lax; Max-Age=" + OAuthFlow.STATE_LIFETIME.toSeconds());
    }
    if (page.redirect() != null) {
      response.appendHeader("Location", page.redirect().toString());
      return;
    }
    response.setContentType("text/html; charset=utf-8");
    try (Writer writer = response.getWriter()) {
      writer.write("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(page.title())
          + "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\"><h1>"
          + escape(page.title()) + "</h1><p>" + escape(page.message()) + "</p></body></html>");
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
