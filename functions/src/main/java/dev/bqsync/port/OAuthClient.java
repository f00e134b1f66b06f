package dev.bqsync.port;

import java.net.URI;
import java.util.List;

/** Google's OAuth endpoints, as the connection flow uses them. */
public interface OAuthClient {
  /**
   * What a code exchange gives: the refresh token (null when Google sent none), an access token, and
   * the scopes Google says it granted (empty when the answer did not say).
   */
  record Tokens(String refreshToken, String accessToken, List<String> scopes) {
    public Tokens {
      scopes = List.copyOf(scopes == null ? List.of() : scopes);
    }

    @Override
    public String toString() {
      return "Tokens[refreshToken=" + (refreshToken == null ? "none" : "present") + "]";
    }
  }

  /** Who connected and which scopes they granted (unknown values are null or empty). */
  record Grant(String email, List<String> scopes) {}

  /** The consent page URL: offline access, forced consent, state and PKCE S256 challenge. */
  URI authorizationUrl(String clientId, List<String> scopes, String state, dev.bqsync.oauth.Pkce pkce);

  /**
   * Swaps the code for tokens. Throws {@link OAuthError} with {@code error} (invalid_grant, ...) when
   * Google refuses it, or a transient exception when the token endpoint fails.
   */
  Tokens exchange(String clientId, String clientSecret, String code, String codeVerifier);

  Grant grant(String accessToken);

  /** Revokes a token at Google's revocation endpoint (and with it the grant it belongs to). */
  void revoke(String token);

  /** A refusal by the token endpoint, with its OAuth error code. The message never holds a secret. */
  final class OAuthError extends RuntimeException {
    private final String error;

    public OAuthError(String error, String message) {
      super(message);
      this.error = error;
    }

    public String error() {
      return error;
    }
  }
}
