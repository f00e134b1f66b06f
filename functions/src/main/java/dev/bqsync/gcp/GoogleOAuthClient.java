package dev.bqsync.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.ClientId;
import com.google.auth.oauth2.PKCEProvider;
import com.google.auth.oauth2.UserAuthorizer;
import dev.bqsync.port.OAuthClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Google's OAuth endpoints through google-auth-library's UserAuthorizer (consent URL with offline
 * access, forced consent, state and PKCE; code exchange with the verifier), plus tokeninfo for the
 * connected account and granted scopes. Endpoints are settings so tests can point them at a local
 * server. Exceptions carry the OAuth error code only, never a response body.
 */
public final class GoogleOAuthClient implements OAuthClient {
  public static final URI GOOGLE_AUTH = URI.create("https://accounts.google.com/o/oauth2/v2/auth");
  public static final URI GOOGLE_TOKEN = URI.create("https://oauth2.googleapis.com/token");
  public static final URI GOOGLE_TOKENINFO = URI.create("https://oauth2.googleapis.com/tokeninfo");
  public static final URI GOOGLE_REVOKE = URI.create("https://oauth2.googleapis.com/revoke");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI authUri;
  private final URI tokenUri;
  private final URI tokenInfoUri;
  private final URI redirectUri;
  private final URI revokeUri;
  private final NetHttpTransport transport = new NetHttpTransport();

  public GoogleOAuthClient(URI authUri, URI tokenUri, URI tokenInfoUri, URI redirectUri, URI revokeUri) {
    this.revokeUri = revokeUri;
    this.authUri = authUri;
    this.tokenUri = tokenUri;
    this.tokenInfoUri = tokenInfoUri;
    this.redirectUri = redirectUri;
  }

  public URI tokenUri() {
    return tokenUri;
  }

  @Override
  public URI authorizationUrl(String clientId, List<String> scopes, String state, dev.bqsync.oauth.Pkce pkce) {
    UserAuthorizer authorizer = authorizer(ClientId.of(clientId, null), scopes,
        new FixedPkce(pkce.verifier(), pkce.challenge()));
    try {
      // include_granted_scopes=false: the grant is judged on what this consent gave, never on older grants.
      return authorizer.getAuthorizationUrl(null, state, null, Map.of("include_granted_scopes", "false")).toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("bad authorization URL", e);
    }
  }

  @Override
  public Tokens exchange(String clientId, String clientSecret, String code, String codeVerifier) {
    UserAuthorizer authorizer = authorizer(ClientId.of(clientId, clientSecret), List.of(),
        new FixedPkce(codeVerifier, dev.bqsync.oauth.Pkce.of(codeVerifier).challenge()));
    try {
      var response = authorizer.getTokenResponseFromAuthCodeExchange(code, null, Map.of());
      return new Tokens(response.getRefreshToken(), response.getAccessToken().getTokenValue(),
          response.getAccessToken().getScopes());
    } catch (HttpResponseException e) {
      throw refusalOrOutage(e);
    } catch (IOException e) {
      if (e.getCause() instanceof HttpResponseException http) {
        throw refusalOrOutage(http);
      }
      throw new IllegalStateException("the token endpoint could not be reached (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public Grant grant(String accessToken) {
    try {
      var request = transport.createRequestFactory().buildPostRequest(new GenericUrl(tokenInfoUri),
          new UrlEncodedContent(Map.of("access_token", accessToken)));
      JsonNode info = JSON.readTree(request.execute().parseAsString());
      List<String> scopes = new ArrayList<>();
      if (info.hasNonNull("scope")) {
        scopes.addAll(List.of(info.get("scope").asText().split(" ")));
      }
      return new Grant(info.hasNonNull("email") ? info.get("email").asText() : null, scopes);
    } catch (IOException e) {
      throw new IllegalStateException("tokeninfo could not be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public void revoke(String token) {
    try {
      transport.createRequestFactory().buildPostRequest(new GenericUrl(revokeUri),
          new UrlEncodedContent(Map.of("token", token))).execute().disconnect();
    } catch (IOException e) {
      throw new IllegalStateException("the revocation endpoint failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private UserAuthorizer authorizer(ClientId clientId, List<String> scopes, PKCEProvider pkce) {
    return UserAuthorizer.newBuilder()
        .setClientId(clientId)
        .setScopes(scopes.isEmpty() ? List.of("openid") : scopes)
        .setUserAuthUri(authUri)
        .setTokenServerUri(tokenUri)
        .setCallbackUri(redirectUri)
        .setPKCEProvider(pkce)
        .build();
  }

  /** A 4xx is Google refusing (its OAuth error code is kept); anything else is an outage worth one retry. */
  static RuntimeException refusalOrOutage(HttpResponseException e) {
    if (e.getStatusCode() >= 400 && e.getStatusCode() < 500) {
      String error = "unknown_error";
      try {
        JsonNode body = JSON.readTree(e.getContent());
        if (body.hasNonNull("error") && body.get("error").asText().matches("[a-z_]{1,40}")) {
          error = body.get("error").asText();
        }
      } catch (IOException | RuntimeException ignored) {
        // keep unknown_error
      }
      return new OAuthError(error, "the token endpoint refused the request: " + error);
    }
    return new IllegalStateException("the token endpoint answered HTTP " + e.getStatusCode());
  }

  /** PKCE values restored from the stored state (the verifier) or computed for the start (the challenge). */
  private record FixedPkce(String verifier, String challenge) implements PKCEProvider {
    @Override
    public String getCodeChallenge() {
      return challenge;
    }

    @Override
    public String getCodeChallengeMethod() {
      return "S256";
    }

    @Override
    public String getCodeVerifier() {
      return verifier;
    }
  }
}
