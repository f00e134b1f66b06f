package dev.bqsync.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * What a tenant's Secret Manager secret holds: the OAuth client secret (stored by the operator) and
 * the refresh token (stored by the callback), as one JSON payload per version. toString never
 * shows them.
 */
public record TenantSecrets(String clientSecret, String refreshToken) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static TenantSecrets parse(String payload) {
    try {
      JsonNode node = JSON.readTree(payload);
      return new TenantSecrets(text(node, "clientSecret"), text(node, "refreshToken"));
    } catch (IOException e) {
      throw new IllegalStateException("the tenant's secret is not bqsync's JSON payload; store the client again with "
          + "'bqsync tenant set-oauth-client'");
    }
  }

  public String payload() {
    ObjectNode node = JSON.createObjectNode();
    node.put("clientSecret", clientSecret);
    node.put("refreshToken", refreshToken);
    return node.toString();
  }

  public TenantSecrets withRefreshToken(String token) {
    return new TenantSecrets(clientSecret, token);
  }

  public TenantSecrets withClientSecret(String secret) {
    return new TenantSecrets(secret, refreshToken);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  public String toString() {
    return "TenantSecrets[clientSecret=" + (clientSecret == null ? "absent" : "present") + ", refreshToken="
        + (refreshToken == null ? "absent" : "present") + "]";
  }
}
