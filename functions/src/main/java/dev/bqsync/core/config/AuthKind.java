package dev.bqsync.core.config;

/** How bqsync reaches a tenant's BigQuery. */
public enum AuthKind {
  /** The tenant's own OAuth client; the refresh token lives in Secret Manager. */
  OAUTH,
  /** A service account of ours that the tenant granted BigQuery roles; nothing is stored. */
  SERVICE_ACCOUNT_IMPERSONATION
}
