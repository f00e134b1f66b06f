package dev.bqsync.core.config;

import dev.bqsync.core.Sha256;


/**
 * The names of a tenant's credentials, derived from its validated id and never taken from its
 * configuration: a configuration that could name them could name another tenant's. Terraform
 * derives the same names (terraform/modules/tenant_identity); TerraformConsistencyTest keeps the
 * two in step.
 */
public final class TenantIdentities {
  /** Service account ids are 6-30 characters; "tenant-" plus a tenant id of up to 23 fits as is. */
  static final int SHORT_TENANT = 23;

  private TenantIdentities() {}

  /** The Secret Manager secret holding the tenant's OAuth client secret (written by the operator). */
  public static String clientSecretId(String tenantId) {
    return "bqsync-" + valid(tenantId) + "-oauth-client";
  }

  /** The Secret Manager secret holding the tenant's refresh token (written by the OAuth callback). */
  public static String refreshTokenSecretId(String tenantId) {
    return "bqsync-" + valid(tenantId) + "-refresh-token";
  }

  /**
   * The account id of the tenant's own service account: {@code tenant-<tenant>}, or for a tenant id
   * longer than 23 characters its first 14 characters and 8 hex digits of its SHA-256 (unique, and
   * within the 30-character limit). The prefix differs from bqsync's own accounts ({@code bqsync-}),
   * so no tenant id can name one of them.
   */
  public static String serviceAccountId(String tenantId) {
    String id = valid(tenantId);
    if (id.length() <= SHORT_TENANT) {
      return "tenant-" + id;
    }
    return "tenant-" + id.substring(0, 14) + "-" + Sha256.hex(id).substring(0, 8);
  }

  /** The tenant's service account in bqsync's own project. */
  public static String serviceAccountEmail(String tenantId, String bqsyncProject) {
    return serviceAccountId(tenantId) + "@" + bqsyncProject + ".iam.gserviceaccount.com";
  }

  private static String valid(String tenantId) {
    Identifiers.tenantIdProblem(tenantId).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return tenantId;
  }
}
