package dev.bqsync.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bqsync.oauth.Pkce;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's OAuth endpoints on loopback: /auth plays the consent page (it redirects back with a code
 * bound to the client, redirect URI and PKCE challenge), /token swaps codes and refreshes tokens
 * (checking client, secret, redirect and verifier, with switchable failures), /tokeninfo says who
 * connected.
 */
public final class FakeGoogleOAuth implements AutoCloseable {
  public static final String ACCOUNT = "data-admin@acme.example";
  private record Grant(String clientId, String redirectUri, String challenge) {}

  private final HttpServer server;
  private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  public volatile boolean sendRefreshToken = true;
  public volatile String refuseExchangeWith;
  public volatile String refuseRefreshWith;
  /** The Google account that signs in on the consent page. */
  public volatile String account = ACCOUNT;
  /** The scopes the admin leaves ticked on the consent page (granular consent can untick BigQuery). */
  public volatile String grantedScopes = "https://www.googleapis.com/auth/bigquery openid email";
  /** The query of the last consent page opened. */
  public volatile Map<String, String> lastConsent = Map.of();
  /** Tokens revoked at /revoke. */
  public final java.util.Set<String> revoked = ConcurrentHashMap.newKeySet();
  public final AtomicInteger failNextTokenCalls = new AtomicInteger();
  public final AtomicInteger tokenCalls = new AtomicInteger();

  public FakeGoogleOAuth() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/auth", this::auth);
    server.createContext("/token", this::token);
    server.createContext("/tokeninfo", this::tokenInfo);
    server.createContext("/revoke", this::revoke);
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public void registerClient(String clientId, String clientSecret) {
    clientSecrets.put(clientId, SecretValues.used(clientSecret));
  }

  /** A refresh token for {@code clientId}, as if an admin had consented earlier. */
  public String issueRefreshToken(String clientId) {
    String refresh = SecretValues.used("1//0g-refresh-" + Pkce.randomToken(16));
    refreshTokens.put(refresh, clientId);
    return refresh;
  }

  /** The refresh tokens handed out: tests check none of them leaked. */
  public Map<String, String> refreshTokens() {
    return refreshTokens;
  }

  private void auth(HttpExchange exchange) throws IOException {
    Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
    if (!"offline".equals(q.get("access_type")) || !"consent".equals(q.get("prompt")) || !"S256".equals(q.get(
        "code_challenge_method")) || q.get("code_challenge") == null || q.get("state") == null) {
      respond(exchange, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    lastConsent = Map.copyOf(q);
    String code = SecretValues.used("4/0AX-code-" + Pkce.randomToken(12));
    codes.put(code, new Grant(q.get("client_id"), q.get("redirect_uri"), q.get("code_challenge")));
    String location = q.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(q.get("state")) + "&scope="
        + enc(q.get("scope"));
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  /** A code for {@code clientId} that nobody consented to through /auth (to test cross-tenant use). */
  public String codeFor(String clientId, String redirectUri, String challenge) {
    String code = SecretValues.used("4/0AX-code-" + Pkce.randomToken(12));
    codes.put(code, new Grant(clientId, redirectUri, challenge));
    return code;
  }

  private void token(HttpExchange exchange) throws IOException {
    tokenCalls.incrementAndGet();
    Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.startsWith("Basic ")) {
      String[] pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2);
      f.putIfAbsent("client_id", URLDecoder.decode(pair[0], StandardCharsets.UTF_8));
      f.putIfAbsent("client_secret", URLDecoder.decode(pair[1], StandardCharsets.UTF_8));
    }
    if (failNextTokenCalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      respond(exchange, 500, "{\"error\":\"internal_failure\"}");
      return;
    }
    String secret = clientSecrets.get(f.get("client_id"));
    if (secret == null || !secret.equals(f.get("client_secret"))) {
      respond(exchange, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    if ("refresh_token".equals(f.get("grant_type"))) {
      if (refuseRefreshWith != null || !f.get("client_id").equals(refreshTokens.get(f.get("refresh_token")))) {
        respond(exchange, 400, "{\"error\":\"" + (refuseRefreshWith == null ? "invalid_grant" : refuseRefreshWith)
            + "\",\"error_description\":\"Token has been expired or revoked.\"}");
        return;
      }
      respond(exchange, 200, "{\"access_token\":\"" + SecretValues.used("ya29.refreshed-" + Pkce.randomToken(8))
          + "\",\"expires_in\":3599,"
          + "\"token_type\":\"Bearer\"}");
      return;
    }
    Grant grant = codes.remove(f.get("code"));
    boolean pkceOk = grant != null && f.get("code_verifier") != null
        && Pkce.of(f.get("code_verifier")).challenge().equals(grant.challenge());
    if (refuseExchangeWith != null || grant == null || !grant.clientId().equals(f.get("client_id"))
        || !grant.redirectUri().equals(f.get("redirect_uri")) || !pkceOk) {
      respond(exchange, 400, "{\"error\":\"" + (refuseExchangeWith == null ? "invalid_grant" : refuseExchangeWith)
          + "\",\"error_description\":\"Bad Request\"}");
      return;
    }
    String refresh = SecretValues.used("1//0g-refresh-" + Pkce.randomToken(16));
    refreshTokens.put(refresh, f.get("client_id"));
    respond(exchange, 200, "{\"access_token\":\"" + SecretValues.used("ya29.first-" + Pkce.randomToken(8))
        + "\",\"expires_in\":3599,"
        + (sendRefreshToken ? "\"refresh_token\":\"" + refresh + "\"," : "")
        + "\"scope\":\"" + grantedScopes + "\",\"token_type\":\"Bearer\"}");
  }

  private void tokenInfo(HttpExchange exchange) throws IOException {
    respond(exchange, 200, "{\"email\":\"" + account + "\",\"scope\":\"" + grantedScopes + "\"}");
  }

  private void revoke(HttpExchange exchange) throws IOException {
    String token = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).get("token");
    revoked.add(token);
    refreshTokens.remove(token);
    respond(exchange, 200, "{}");
  }

  private static String enc(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public URI uri(String path) {
    return URI.create(url(path));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
