package dev.bqsync.oauth;

import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.Sha256;
import dev.bqsync.core.TransientException;
import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.Identifiers;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantIdentities;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.Severity;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.port.ConnectTicketStore;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Connecting a tenant's BigQuery with the tenant's own OAuth client, started only from a connect
 * ticket that a private path minted for one admin of one tenant ({@link #mint}):
 * <ol>
 * <li>{@code /start?ticket=} consumes the ticket, sets a browser cookie and sends the admin to
 * Google's consent page with a one-time state (bound to ticket and cookie) and a PKCE challenge;
 * <li>the callback consumes the state, checks the cookie, swaps the code for tokens, checks the
 * grant (the BigQuery scope, the account's domain, no silent account switch), stores the refresh
 * token in the tenant's own secret and records who connected, as the next connection generation.
 * </ol>
 * Anything not allowed answers one neutral page that says nothing about any tenant. The code,
 * tokens, tickets and client secret never go into a log line, a page, an exception or Firestore.
 */
public final class OAuthFlow {
  public static final String BIGQUERY_SCOPE = "https://www.googleapis.com/auth/bigquery";
  public static final List<String> SCOPES = List.of(BIGQUERY_SCOPE, "openid", "email");
  public static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  public static final Duration TICKET_LIFETIME = Duration.ofMinutes(10);

  /** What the flow talks to. */
  public record Ports(TenantConfigStore tenants, ConnectTicketStore tickets, OAuthStateStore states,
      SecretStore secrets, ConnectionStatusStore connections, OAuthClient google, EventLog log) {}

  private final Ports ports;
  private final Clock clock;

  public OAuthFlow(Ports ports, Clock clock) {
    this.ports = ports;
    this.clock = clock;
  }

  /**
   * Mints a connect ticket for {@code admin} of {@code tenantId}: only for the private paths (the
   * operator CLI, the CRM backend's management call). {@code replace} allows the link to connect
   * another Google account than the one connected now. Throws MintRefusedException saying what to
   * change when the request breaks a rule or the tenant cannot be connected yet.
   */
  public MintedTicket mint(String tenantId, String admin, boolean replace) {
    oauthTenant(tenantId, admin, "there is nothing to connect");
    if (ports.secrets().latest(TenantIdentities.clientSecretId(tenantId)).isEmpty()) {
      throw new MintRefusedException(MintRefusedException.Reason.NOT_READY, "the OAuth client secret of tenant '"
          + tenantId + "' is not stored: run 'bqsync tenant set-oauth-client' first");
    }
    String ticket = Pkce.randomToken(32);
    Instant expiresAt = clock.instant().plus(TICKET_LIFETIME);
    ports.tickets().save(new ConnectTicket(sha256(ticket), tenantId, admin, replace, expiresAt));
    log("connect link minted", tenantId, Severity.INFO, Map.of("admin", admin, "replace", replace));
    return new MintedTicket(ticket, expiresAt);
  }

  /**
   * Disconnects the tenant for {@code admin}: the connection moves to NOT_CONNECTED at the next
   * generation first (so no run starts with the old token), then every version of the refresh token
   * is disabled and revoked at Google. Returns the new status; MintRefusedException when there is
   * nothing to disconnect or the connection changed meanwhile.
   */
  public ConnectionStatus disconnect(String tenantId, String admin) {
    oauthTenant(tenantId, admin, "remove the tenant's access in its BigQuery IAM instead");
    ConnectionStatus current = ports.connections().find(tenantId).orElse(ConnectionStatus.notConnected(clock.instant()));
    ConnectionStatus next = new ConnectionStatus(ConnectionState.NOT_CONNECTED, null, List.of(), clock.instant(),
        "disconnected by " + admin + "; mint a connect link to connect again", admin, current.generation() + 1);
    if (!ports.connections().advance(tenantId, current.generation(), next)) {
      throw new MintRefusedException(MintRefusedException.Reason.NOT_READY, "the connection of tenant '" + tenantId
          + "' changed meanwhile: read its status and try again");
    }
    List<String> tokens = ports.secrets().disableAllVersions(TenantIdentities.refreshTokenSecretId(tenantId));
    tokens.forEach(token -> revokeQuietly(token, tenantId));
    log("BigQuery disconnected", tenantId, Severity.NOTICE, Map.of("admin", admin, "tokensRevoked", tokens.size(),
        "generation", next.generation()));
    return next;
  }

  /** The OAUTH tenant an admin's request names, or MintRefusedException saying what is wrong ({@code notOAuth}). */
  private TenantConfig oauthTenant(String tenantId, String admin, String notOAuth) {
    Identifiers.tenantIdProblem(tenantId).or(() -> Identifiers.adminProblem(admin)).ifPresent(p -> {
      throw new MintRefusedException(MintRefusedException.Reason.INVALID, p);
    });
    TenantConfig tenant = ports.tenants().find(tenantId).orElseThrow(() -> new MintRefusedException(
        MintRefusedException.Reason.NOT_FOUND, "no tenant '" + tenantId + "': apply its configuration first"));
    if (!(tenant.connection().auth() instanceof Auth.OAuthClient)) {
      throw new MintRefusedException(MintRefusedException.Reason.NOT_READY, "tenant '" + tenantId + "' connects with "
          + tenant.connection().auth().kind() + ", not OAUTH: " + notOAuth);
    }
    return tenant;
  }

  /**
   * The start: {@code ticket} from the link; {@code tenantId}, when the link names one, must be the
   * ticket's. A fresh random cookie value goes to the browser with the redirect.
   */
  public OAuthPage start(String ticket, String tenantId) {
    if (ticket == null || !ticket.matches("[A-Za-z0-9_-]{16,128}")) {
      return OAuthPage.refused();
    }
    Optional<ConnectTicket> consumed = ports.tickets().consume(sha256(ticket));
    if (consumed.isEmpty() || !clock.instant().isBefore(consumed.get().expireAt())
        || (tenantId != null && !tenantId.equals(consumed.get().tenantId()))) {
      return OAuthPage.refused();
    }
    ConnectTicket granted = consumed.get();
    Optional<Auth.OAuthClient> client = oauthClient(granted.tenantId());
    if (client.isEmpty() || ports.secrets().latest(TenantIdentities.clientSecretId(granted.tenantId())).isEmpty()) {
      return OAuthPage.page(409, "Not ready yet", "This workspace cannot be connected with OAuth yet. Ask your CRM "
          + "administrator to finish its setup, then start again.");
    }
    Pkce pkce = Pkce.generate();
    String browser = Pkce.randomToken(32);
    OAuthState state = new OAuthState(Pkce.randomToken(32), granted.tenantId(), granted.admin(), granted.replace(),
        pkce.verifier(), sha256(browser), clock.instant().plus(STATE_LIFETIME));
    ports.states().save(state);
    log("authorisation started", granted.tenantId(), Severity.INFO, Map.of("admin", granted.admin()));
    return OAuthPage.redirect(ports.google().authorizationUrl(client.get().clientId(), SCOPES, state.state(), pkce),
        browser);
  }

  /** The callback: Google's {@code code}, {@code state} and {@code error}, and the browser's cookie value. */
  public OAuthPage callback(String code, String stateParam, String error, String browserCookie) {
    if (stateParam == null || !stateParam.matches("[A-Za-z0-9_-]{16,128}")) {
      return OAuthPage.refused();
    }
    Optional<OAuthState> consumed = ports.states().consume(stateParam);
    if (consumed.isEmpty() || !clock.instant().isBefore(consumed.get().expireAt()) || browserCookie == null
        || !sha256(browserCookie).equals(consumed.get().browserHash())) {
      return OAuthPage.refused();
    }
    OAuthState state = consumed.get();
    if (error != null) {
      // Google's error text is untrusted: it goes in a field as data, never into the message.
      log("authorisation declined", state.tenantId(), Severity.WARNING, Map.of("oauthError", error));
      return "access_denied".equals(error)
          ? OAuthPage.page(400, "Access was not granted", "BigQuery was not connected because access was declined on "
              + "Google's consent page. To connect, start again and choose Allow.")
          : OAuthPage.page(400, "Google reported a problem", "Google could not complete the sign-in. Start again from "
              + "your CRM's BigQuery settings.");
    }
    if (code == null || code.isBlank()) {
      return OAuthPage.page(400, "Incomplete link", "This page needs the code Google adds when it sends you back. "
          + "Start again from your CRM's BigQuery settings.");
    }
    Optional<Auth.OAuthClient> client = oauthClient(state.tenantId());
    Optional<String> clientSecret = ports.secrets().latest(TenantIdentities.clientSecretId(state.tenantId()));
    if (client.isEmpty() || clientSecret.isEmpty()) {
      return OAuthPage.page(409, "Not ready yet", "This workspace cannot be connected with OAuth now. Ask your CRM "
          + "administrator.");
    }
    OAuthClient.Tokens tokens;
    try {
      tokens = exchangeWithRetry(client.get().clientId(), clientSecret.get(), code, state.codeVerifier());
    } catch (OAuthClient.OAuthError e) {
      log("code exchange refused", state.tenantId(), Severity.WARNING, Map.of("oauthError", e.error()));
      return OAuthPage.page(400, "Google did not accept the sign-in", "Google refused to finish the connection. This "
          + "happens when a sign-in link is used twice, is too old, or was started for another OAuth client. Start "
          + "again from your CRM's BigQuery settings.");
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
    return connect(state, client.get(), tokens);
  }

  /** The grant's checks, then the token and the connection, or nothing written at all. */
  private OAuthPage connect(OAuthState state, Auth.OAuthClient client, OAuthClient.Tokens tokens) {
    OAuthClient.Grant grant;
    try {
      grant = ports.google().grant(tokens.accessToken());
    } catch (RuntimeException e) {
      grant = new OAuthClient.Grant(null, List.of());
    }
    List<String> scopes = !tokens.scopes().isEmpty() ? tokens.scopes() : grant.scopes();
    ConnectionStatus current = ports.connections().find(state.tenantId())
        .orElse(ConnectionStatus.notConnected(clock.instant()));
    Optional<OAuthPage> refusal = refusal(state, client, scopes, grant.email(), current);
    if (refusal.isPresent()) {
      revokeQuietly(tokens.refreshToken(), state.tenantId());
      return refusal.get();
    }
    ports.secrets().put(TenantIdentities.refreshTokenSecretId(state.tenantId()), tokens.refreshToken());
    ConnectionStatus connected = new ConnectionStatus(ConnectionState.CONNECTED, grant.email(), scopes, clock.instant(),
        null, state.admin(), current.generation() + 1);
    if (!ports.connections().advance(state.tenantId(), current.generation(), connected)) {
      log("connection changed while connecting", state.tenantId(), Severity.WARNING, Map.of());
      return OAuthPage.page(409, "Connected meanwhile", "The workspace's connection changed while you were signing "
          + "in. Check its status in your CRM, and start again if it is not connected.");
    }
    log("BigQuery connected", state.tenantId(), Severity.NOTICE, Map.of("account", grant.email(), "admin",
        state.admin(), "scopes", scopes, "generation", connected.generation()));
    return OAuthPage.page(200, "BigQuery is connected", "Connected as " + grant.email() + ". You can close this page; "
        + "your BigQuery syncs will start on their next schedule.");
  }

  /** Why this grant may not connect the tenant, if it may not; fails closed on anything unknown. */
  private Optional<OAuthPage> refusal(OAuthState state, Auth.OAuthClient client, List<String> scopes, String email,
      ConnectionStatus current) {
    if (!scopes.contains(BIGQUERY_SCOPE)) {
      log("refused: the BigQuery scope was not granted", state.tenantId(), Severity.WARNING, Map.of("scopes", scopes));
      return Optional.of(OAuthPage.page(400, "BigQuery access was not granted", "Google's consent page lets you untick "
          + "permissions, and BigQuery access was not ticked (or Google did not say it was granted). Nothing was "
          + "changed. Start again and leave 'View and manage your data in Google BigQuery' ticked."));
    }
    if (email == null) {
      log("refused: the connected account is unknown", state.tenantId(), Severity.WARNING, Map.of());
      return Optional.of(OAuthPage.page(400, "The account could not be verified", "Google did not say which account "
          + "signed in, so nothing was changed. Start again in a few minutes."));
    }
    String domain = email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT);
    if (!client.allowedGoogleDomains().isEmpty() && !client.allowedGoogleDomains().contains(domain)) {
      log("refused: account domain not allowed", state.tenantId(), Severity.WARNING, Map.of("account", email));
      return Optional.of(OAuthPage.page(403, "This account may not connect", "This workspace accepts Google accounts "
          + "of " + String.join(", ", client.allowedGoogleDomains()) + " only. Sign in with one of those."));
    }
    if (current.state() == ConnectionState.CONNECTED && current.account() != null
        && !current.account().equalsIgnoreCase(email) && !state.replace()) {
      log("refused: another account is connected", state.tenantId(), Severity.WARNING, Map.of("account", email));
      return Optional.of(OAuthPage.page(409, "Another account is connected", "This workspace is connected with another "
          + "Google account. To switch accounts, ask for a connect link that replaces the connection."));
    }
    return Optional.empty();
  }

  private void revokeQuietly(String token, String tenantId) {
    try {
      ports.google().revoke(token);
      log("grant revoked", tenantId, Severity.INFO, Map.of());
    } catch (RuntimeException e) {
      log("could not revoke a grant: " + e.getClass().getSimpleName(), tenantId, Severity.WARNING, Map.of());
    }
  }

  private Optional<Auth.OAuthClient> oauthClient(String tenantId) {
    return ports.tenants().find(tenantId).map(t -> t.connection().auth())
        .filter(Auth.OAuthClient.class::isInstance).map(Auth.OAuthClient.class::cast);
  }

  /** One retry for a failing token endpoint (a 5xx); a refusal is final. */
  private OAuthClient.Tokens exchangeWithRetry(String clientId, String clientSecret, String code, String verifier) {
    try {
      return ports.google().exchange(clientId, clientSecret, code, verifier);
    } catch (OAuthClient.OAuthError refused) {
      throw refused;
    } catch (RuntimeException transientFailure) {
      return ports.google().exchange(clientId, clientSecret, code, verifier);
    }
  }

  private void log(String message, String tenantId, Severity severity, Map<String, Object> fields) {
    ports.log().emit(new LogEvent(severity, "oauth: " + message, new LogLabels(tenantId, "oauth", null, null), null,
        fields));
  }

  static String sha256(String text) {
    return Sha256.hex(text);
  }

  /**
   * What a start or callback that failed unexpectedly answers: a person must fix the workspace's
   * setup (409), Google or Firestore may answer later (503), or a bug (500, logged with its stack
   * trace). Each says nothing about the tenant.
   */
  public OAuthPage failed(RuntimeException e) {
    if (e instanceof NeedsAttentionException) {
      ports.log().emit(new LogEvent(Severity.WARNING, "oauth: the connection cannot go on: " + e.getMessage(),
          new LogLabels(null, "oauth", null, null), null, Map.of()));
      return OAuthPage.page(409, "Not ready", "This workspace's BigQuery setup needs attention. Tell your CRM "
          + "administrator; nothing was changed.");
    }
    if (e instanceof TransientException) {
      return OAuthPage.page(503, "Try again in a few minutes", "A service bqsync depends on did not answer. Nothing "
          + "was changed; start again in a few minutes.");
    }
    ports.log().emit(LogEvent.error("oauth: unexpected failure", new LogLabels(null, "oauth", null, null), e));
    return OAuthPage.page(500, "Something went wrong", "The connection failed unexpectedly and nothing was changed. "
        + "Tell your CRM administrator.");
  }

  public Instant now() {
    return clock.instant();
  }
}
