package dev.bqsync.function;

import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.oauth.Pkce;
import dev.bqsync.port.OAuthClient;
import java.net.URI;
import java.util.List;

/**
 * Google's OAuth endpoints as the flow gets them: the client secret, the authorisation code, the PKCE
 * verifier and the tokens Google answers are taught to the redactor as they pass.
 */
record LearningOAuthClient(OAuthClient google, SecretRedactor redactor) implements OAuthClient {
  @Override
  public URI authorizationUrl(String clientId, List<String> scopes, String state, Pkce pkce) {
    return google.authorizationUrl(clientId, scopes, state, pkce);
  }

  @Override
  public Tokens exchange(String clientId, String clientSecret, String code, String codeVerifier) {
    redactor.learn(clientSecret);
    redactor.learn(code);
    redactor.learn(codeVerifier);
    Tokens tokens = google.exchange(clientId, clientSecret, code, codeVerifier);
    redactor.learn(tokens.refreshToken());
    redactor.learn(tokens.accessToken());
    return tokens;
  }

  @Override
  public Grant grant(String accessToken) {
    redactor.learn(accessToken);
    return google.grant(accessToken);
  }

  @Override
  public void revoke(String token) {
    redactor.learn(token);
    google.revoke(token);
  }
}
