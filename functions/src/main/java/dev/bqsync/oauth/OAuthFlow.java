package dev.bqsync.oauth;

import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.EventLog;
import dev.bqsync.port.OAuthClient;
import dev.bqsync.port.OAuthStateStore;
import dev.bqsync.port.SecretStore;
import dev.bqsync.port.TenantConfigStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Connecting a tenant's BigQuery with the tenant's own OAuth client: start sends the admin to
 * Google's consent page with a one-time state and a PKCE challenge; the callback consumes the
 * state, swaps the code (with the client secret and the PKCE verifier) for a refresh token, keeps
 * it in Secret Manager and records the connection. The code, tokens and client secret never go
 * into a log line, a page, an exception message or Firestore.
 */
public final class OAuthFlow {
  public static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/bigquery", "openid", "email");
  public static final Duration STATE_LIFETIME = Duration.ofMinutes(10);

  private final TenantConfigStore tenants;
  private final OAuthStateStore states;
  private final SecretStore secrets;
  private final ConnectionStatusStore connections;
  private final OAuthClient google;
  private final EventLog log;
  private final Clock clock;

  public OAuthFlow(TenantConfigStore tenants, OAuthStateStore states, SecretStore secrets,
      ConnectionStatusStore connections, OAuthClient google, EventLog log, Clock clock) {
    this.tenants = tenants;
    this.states = states;
    this.secrets = secrets;
    this.connections = connections;
    this.google = google;
    this.log = log;
    this.clock = clock;
  }

  public OAuthPage start(String tenantId) {
    if (tenantId == null || tenantId.isBlank()) {
      return OAuthPage.page(400, "Missing tenant", "This link does not say which workspace to connect. Use the link "
          + "from your CRM's BigQuery settings.");
    }
    Optional<TenantConfig> tenant = tenants.find(tenantId);
    if (tenant.isEmpty() || !(tenant.get().connection().auth() instanceof Auth.OAuthClient client)) {
      return OAuthPage.page(404, "Unknown workspace", "There is no workspace '" + tenantId + "' set up to connect "
          + "BigQuery with OAuth. Ask your CRM administrator to set it up first.");
    }
    if (secrets.latest(client.secretId()).map(TenantSecrets::parse).map(TenantSecrets::clientSecret).isEmpty()) {
      return OAuthPage.page(409, "Not ready yet", "The OAuth client secret of this workspace is not stored yet. Your "
          + "CRM administrator must store it with 'bqsync tenant set-oauth-client' before you connect.");
    }
    Pkce pkce = Pkce.generate();
    OAuthState state = new OAuthState(Pkce.randomToken(32), tenantId, pkce.verifier(),
        clock.instant().plus(STATE_LIFETIME));
    states.save(state);
    log("authorisation started", tenantId, Severity.INFO, Map.of());
    return OAuthPage.redirect(google.authorizationUrl(client.clientId(), SCOPES, state.state(), pkce));
  }

  public OAuthPage callback(String code, String stateParam, String error) {
    if (error != null) {
      Optional<OAuthState> state = stateParam == null ? Optional.empty() : states.consume(stateParam);
      // The error text is the browser's to choose: data in its own field, never part of the message.
      state.ifPresent(s -> log("authorisation declined", s.tenantId(), Severity.WARNING, Map.of("oauthError", error)));
      if ("access_denied".equals(error)) {
        return OAuthPage.page(400, "Access was not granted", "BigQuery was not connected because access was declined "
            + "on Google's consent page. To connect, start again and choose Allow.");
      }
      return OAuthPage.page(400, "Google reported a problem", "Google could not complete the sign-in (" + safe(error)
          + "). Start again from your CRM's BigQuery settings.");
    }
    if (code == null || code.isBlank() || stateParam == null || stateParam.isBlank()) {
      return OAuthPage.page(400, "Incomplete link", "This page needs the code and state Google adds when it sends you "
          + "back. Start again from your CRM's BigQuery settings.");
    }
    Optional<OAuthState> consumed = states.consume(stateParam);
    if (consumed.isEmpty() || !clock.instant().isBefore(consumed.get().expireAt())) {
      return OAuthPage.page(400, "This link has expired", "This sign-in link has expired or was already used. Start "
          + "again from your CRM's BigQuery settings; the link is valid for 10 minutes, once.");
    }
    OAuthState state = consumed.get();
    Optional<TenantConfig> tenant = tenants.find(state.tenantId());
    if (tenant.isEmpty() || !(tenant.get().connection().auth() instanceof Auth.OAuthClient client)) {
      return OAuthPage.page(400, "Unknown workspace", "The workspace this sign-in was started for no longer connects "
          + "with OAuth. Ask your CRM administrator.");
    }
    TenantSecrets stored = secrets.latest(client.secretId()).map(TenantSecrets::parse).orElse(new TenantSecrets(null, null));
    if (stored.clientSecret() == null) {
      return OAuthPage.page(409, "Not ready yet", "The OAuth client secret of this workspace is not stored. Your CRM "
          + "administrator must store it with 'bqsync tenant set-oauth-client'.");
    }
    OAuthClient.Tokens tokens;
    try {
      tokens = exchangeWithRetry(client.clientId(), stored.clientSecret(), code, state.codeVerifier());
    } catch (OAuthClient.OAuthError e) {
      log("code exchange refused", state.tenantId(), Severity.WARNING, Map.of("oauthError", String.valueOf(e.error())));
      return OAuthPage.page(400, "Google did not accept the sign-in", "Google refused to finish the connection ("
          + safe(e.error()) + "). This happens when a sign-in link is used twice, is too old, or was started for "
          + "another OAuth client. Start again from your CRM's BigQuery settings.");
    } catch (RuntimeException e) {
      log("code exchange failed: " + e.getClass().getSimpleName(), state.tenantId(), Severity.ERROR, Map.of());
      return OAuthPage.page(502, "Google's sign-in service did not answer", "Google's token service failed. Nothing "
          + "was changed; start again in a few minutes.");
    }
    if (tokens.refreshToken() == null) {
      log("no refresh token returned", state.tenantId(), Severity.WARNING, Map.of());
      return OAuthPage.page(400, "Google did not grant lasting access", "Google returned no refresh token, which it "
          + "does when this app was already granted access earlier. Remove the app's access at "
          + "https://myaccount.google.com/permissions (or have your Google Workspace admin do so), then connect again.");
    }
    OAuthClient.Grant grant;
    try {
      grant = google.grant(tokens.accessToken());
    } catch (RuntimeException e) {
      grant = new OAuthClient.Grant(null, SCOPES);
    }
    secrets.put(client.secretId(), stored.withRefreshToken(tokens.refreshToken()).payload());
    connections.record(state.tenantId(), new ConnectionStatus(ConnectionState.CONNECTED, grant.email(), grant.scopes(),
        clock.instant(), null));
    log("BigQuery connected", state.tenantId(), Severity.NOTICE,
        Map.of("account", grant.email() == null ? "unknown" : grant.email(), "scopes", grant.scopes()));
    return OAuthPage.page(200, "BigQuery is connected", "Connected" + (grant.email() == null ? "" : " as "
        + grant.email()) + ". You can close this page; your BigQuery syncs will start on their next schedule.");
  }

  /** One retry for a failing token endpoint (a 5xx); a refusal is final. */
  private OAuthClient.Tokens exchangeWithRetry(String clientId, String clientSecret, String code, String verifier) {
    try {
      return google.exchange(clientId, clientSecret, code, verifier);
    } catch (OAuthClient.OAuthError refused) {
      throw refused;
    } catch (RuntimeException transientFailure) {
      return google.exchange(clientId, clientSecret, code, verifier);
    }
  }

  private void log(String message, String tenantId, Severity severity, Map<String, Object> fields) {
    log.emit(new LogEvent(severity, "oauth: " + message, new LogLabels(tenantId, "oauth", null, null), null, fields));
  }

  /** An OAuth error code is short and safe to show; anything else is cut. */
  private static String safe(String error) {
    return error.matches("[a-z_]{1,40}") ? error : "error";
  }

  public Instant now() {
    return clock.instant();
  }
}
