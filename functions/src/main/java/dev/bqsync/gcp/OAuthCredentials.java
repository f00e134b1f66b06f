package dev.bqsync.gcp;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.UserCredentials;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.TransientException;
import dev.bqsync.core.config.Auth;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.oauth.TenantSecrets;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.SecretStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's UserCredentials from its OAuth client and stored refresh token, one per tenant per
 * instance: the credentials cache their access token until it expires. A refresh token Google no
 * longer accepts ({@code invalid_grant}) marks the connection REAUTHORIZATION_REQUIRED and stops
 * the tenant's runs, without a retry loop, until it connects again.
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
  private final Map<String, UserCredentials> cache = new ConcurrentHashMap<>();

  public OAuthCredentials(SecretStore secrets, ConnectionStatusStore connections, URI tokenUri, Clock clock) {
    this.secrets = secrets;
    this.connections = connections;
    this.tokenUri = tokenUri;
    this.clock = clock;
  }

  /** Fresh credentials for the tenant (refreshed now if needed, so a dead token shows at once). */
  public UserCredentials forTenant(String tenantId, Auth.OAuthClient client) {
    UserCredentials credentials = cache.computeIfAbsent(tenantId + "/" + client.clientId(), k -> build(client));
    try {
      credentials.refreshIfExpired();
      return credentials;
    } catch (IOException e) {
      cache.remove(tenantId + "/" + client.clientId());
      if (isInvalidGrant(e)) {
        connections.record(tenantId, new ConnectionStatus(ConnectionState.REAUTHORIZATION_REQUIRED, null, List.of(),
            clock.instant(), REAUTHORIZE));
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

  private UserCredentials build(Auth.OAuthClient client) {
    TenantSecrets stored = secrets.latest(client.secretId()).map(TenantSecrets::parse)
        .orElseThrow(() -> new NeedsAttentionException("secret " + client.secretId() + " holds nothing: store the OAuth "
            + "client with 'bqsync tenant set-oauth-client' and connect the tenant"));
    if (stored.clientSecret() == null) {
      throw new NeedsAttentionException("the OAuth client secret is not stored: run 'bqsync tenant set-oauth-client'");
    }
    if (stored.refreshToken() == null) {
      throw new NeedsAttentionException("the tenant is not connected yet: run 'bqsync tenant connect' and open the start URL");
    }
    return UserCredentials.newBuilder().setClientId(client.clientId()).setClientSecret(stored.clientSecret())
        .setRefreshToken(stored.refreshToken()).setTokenServerUri(tokenUri).build();
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
