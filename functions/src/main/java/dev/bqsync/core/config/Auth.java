package dev.bqsync.core.config;

/** How a connection authenticates; secrets are referenced by Secret Manager id, never embedded. */
public sealed interface Auth permits Auth.OAuthClient, Auth.ServiceAccountImpersonation {
  AuthKind kind();

  /**
   * The tenant's own OAuth client. {@code secretId} names the Secret Manager secret that holds the
   * client secret and the refresh token.
   */
  record OAuthClient(String clientId, String secretId) implements Auth {
    public OAuthClient {
      Check.valid(Identifiers.oauthClientIdProblem(clientId), "clientId");
      Check.valid(Identifiers.secretIdProblem(secretId), "secretId");
    }

    @Override
    public AuthKind kind() {
      return AuthKind.OAUTH;
    }
  }

  /** A service account of ours, granted BigQuery roles on the tenant's project. */
  record ServiceAccountImpersonation(String serviceAccount) implements Auth {
    public ServiceAccountImpersonation {
      Check.valid(Identifiers.serviceAccountProblem(serviceAccount), "serviceAccount");
    }

    @Override
    public AuthKind kind() {
      return AuthKind.SERVICE_ACCOUNT_IMPERSONATION;
    }
  }
}
