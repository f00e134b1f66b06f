package dev.bqsync.gcp;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.UserCredentials;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.TransientException;
import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.TenantIdentities;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.Severity;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.EventLog;
import dev.bqsync.port.OAuthClient;
import dev.bqsync.port.SecretStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tenant's UserCredentials from its OAuth client secret and its refresh token (two secrets, named
 * from the tenant id), kept per tenant and connection generation: the credentials cache their
 * access token until it expires, and a reconnect (a new generation) is picked up on the next run
 * of a warm instance. A refresh token Google no longer accepts ({@code invalid_grant}) marks the
 * connection REAUTHORIZATION_REQUIRED, unless a newer connection got there first, and stops the
 * tenant's runs without a retry loop until it connects again.
 */
public final class OAuthCredentials {
  public static final String REAUTHORIZE = "Google no longer accepts the stored refresh token (invalid_grant). Likely "
      + "causes: access was revoked; the OAuth consent screen is in 'Testing' status, where Google expires refresh "
      + "tokens after 7 days (publish it); the token was unused for 6 months; or too many tokens were issued for one "
      + "client. Connect the tenant again ('bqsync tenant connect').";

  private final SecretStore secrets;
  private final ConnectionStatusStore connections;
  private final URI tokenUri;
  private final Clock clock;
  private final OAuthClient google;
  private final EventLog log;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * Credentials built for one generation of a tenant's connection with one client id; {@code
   * retired} turns true once the replaced tokens of that generation were retired here.
   */
  private record Cached(String clientId, long generation, UserCredentials credentials, AtomicBoolean retired) {
    Cached(String clientId, long generation, UserCredentials credentials) {
      this(clientId, generation, credentials, new AtomicBoolean());
    }

    /** True once per generation in this instance: the first time its token works. */
    boolean retireOlder() {
      return retired.compareAndSet(false, true);
    }
  }

  /**
   * A reconnect adds a refresh-token version but cannot read or disable the old one (the public
   * OAuth function may only add versions). The syncs can: the first time a generation's token works
   * here, older versions are disabled and their tokens revoked at Google, best effort and logged.
   */
  private void retireReplacedTokens(String tenantId) {
    List<String> replaced;
    try {
      replaced = secrets.disableOlderVersions(TenantIdentities.refreshTokenSecretId(tenantId));
    } catch (RuntimeException e) {
      log(tenantId, Severity.WARNING, "could not disable replaced refresh tokens: " + e.getClass().getSimpleName());
      return;
    }
    for (String token : replaced) {
      try {
        google.revoke(token);
        log(tenantId, Severity.NOTICE, "a replaced refresh token was revoked at Google");
      } catch (RuntimeException e) {
        log(tenantId, Severity.WARNING, "could not revoke a replaced refresh token (it is disabled in Secret Manager): "
            + e.getClass().getSimpleName());
      }
    }
  }

  private void log(String tenantId, Severity severity, String message) {
    log.emit(new LogEvent(severity, "oauth: " + message, new LogLabels(tenantId, "oauth", null, null), null, Map.of()));
  }

  /** {@code google} revokes the refresh tokens a reconnect replaced; {@code log} says how that went. */
  public OAuthCredentials(SecretStore secrets, ConnectionStatusStore connections, URI tokenUri, Clock clock,
      OAuthClient google, EventLog log) {
    this.secrets = secrets;
    this.connections = connections;
    this.tokenUri = tokenUri;
    this.clock = clock;
    this.google = google;
    this.log = log;
  }

  /** Fresh credentials for the tenant (refreshed now if needed, so a dead token shows at once). */
  public UserCredentials forTenant(String tenantId, Auth.OAuthClient client) {
    return forTenant(tenantId, client, true);
  }

  private UserCredentials forTenant(String tenantId, Auth.OAuthClient client, boolean mayRetry) {
    ConnectionStatus status = connections.find(tenantId).orElse(ConnectionStatus.notConnected(clock.instant()));
    Cached cached = cache.compute(tenantId, (id, old) -> old != null && old.clientId().equals(client.clientId())
        && old.generation() == status.generation() ? old
        : new Cached(client.clientId(), status.generation(), build(tenantId, client)));
    try {
      cached.credentials().refreshIfExpired();
      if (cached.retireOlder()) {
        retireReplacedTokens(tenantId);
      }
      return cached.credentials();
    } catch (IOException e) {
      cache.remove(tenantId, cached);
      if (isInvalidGrant(e)) {
        boolean marked = connections.advance(tenantId, status.generation(),
            status.next(ConnectionState.REAUTHORIZATION_REQUIRED, clock.instant(), REAUTHORIZE));
        if (!marked && mayRetry) {
          return forTenant(tenantId, client, false); // reconnected meanwhile: use the new connection
        }
        throw new NeedsAttentionException(REAUTHORIZE);
      }
      if (e instanceof HttpResponseException http && http.getStatusCode() >= 400 && http.getStatusCode() < 500
          && http.getStatusCode() != 429) {
        throw new NeedsAttentionException("Google's token endpoint refused the tenant's OAuth client (HTTP "
            + http.getStatusCode() + "); check the client id and store its secret again with "
            + "'bqsync tenant set-oauth-client'");
      }
      throw new TransientException("Google's token endpoint failed (" + e.getClass().getSimpleName() + "); will retry", e);
    }
  }

  private UserCredentials build(String tenantId, Auth.OAuthClient client) {
    String clientSecret = secrets.latest(TenantIdentities.clientSecretId(tenantId))
        .orElseThrow(() -> new NeedsAttentionException("the OAuth client secret is not stored (secret "
            + TenantIdentities.clientSecretId(tenantId) + "): run 'bqsync tenant set-oauth-client'"));
    String refreshToken = secrets.latest(TenantIdentities.refreshTokenSecretId(tenantId))
        .orElseThrow(() -> new NeedsAttentionException("the tenant is not connected yet: mint a connect link with "
            + "'bqsync tenant connect --admin ...' and open it"));
    return UserCredentials.newBuilder().setClientId(client.clientId()).setClientSecret(clientSecret)
        .setRefreshToken(refreshToken).setTokenServerUri(tokenUri).build();
  }

  static boolean isInvalidGrant(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException http && http.getStatusCode() >= 400 && http.getStatusCode() < 500
          && http.getContent() != null && http.getContent().contains("invalid_grant")) {
        return true;
      }
    }
    return false;
  }
}
