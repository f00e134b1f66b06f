package dev.bqsync.core.config;

import java.util.List;

/**
 * How a connection authenticates. Nothing here names a credential: secrets and service accounts
 * are derived from the tenant id ({@link TenantIdentities}).
 */
public sealed interface Auth permits Auth.OAuthClient, Auth.ServiceAccountImpersonation {
  AuthKind kind();

  /**
   * The tenant's own OAuth client. {@code allowedGoogleDomains}, when not empty, lists the domains
   * of the Google accounts that may connect (e.g. the tenant's Workspace domain).
   */
  record OAuthClient(String clientId, List<String> allowedGoogleDomains) implements Auth {
    public OAuthClient {
      Check.valid(Identifiers.oauthClientIdProblem(clientId), "clientId");
      allowedGoogleDomains = List.copyOf(allowedGoogleDomains == null ? List.of() : allowedGoogleDomains);
      allowedGoogleDomains.forEach(d -> Check.valid(Identifiers.domainProblem(d), "allowedGoogleDomains"));
    }

    public OAuthClient(String clientId) {
      this(clientId, List.of());
    }

    @Override
    public AuthKind kind() {
      return AuthKind.OAUTH;
    }
  }

  /**
   * The tenant's own service account of ours ({@link TenantIdentities#serviceAccountEmail}), which
   * the tenant grants BigQuery roles to; one per tenant, so no tenant can borrow another's grants.
   */
  record ServiceAccountImpersonation() implements Auth {
    @Override
    public AuthKind kind() {
      return AuthKind.SERVICE_ACCOUNT_IMPERSONATION;
    }
  }
}
