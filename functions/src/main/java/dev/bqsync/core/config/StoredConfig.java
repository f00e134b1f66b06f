package dev.bqsync.core.config;

/**
 * A tenant's stored configuration and its revision: 1 for the first save, one more for every save
 * after. The management API shows the revision as the ETag, so two admins editing the same
 * configuration cannot overwrite each other (the second save names a revision that is gone).
 */
public record StoredConfig(TenantConfig config, long revision) {
  public StoredConfig {
    Check.present(config, "config");
    if (revision < 1) {
      throw new IllegalArgumentException("a stored configuration has revision 1 or more, not " + revision);
    }
  }
}
