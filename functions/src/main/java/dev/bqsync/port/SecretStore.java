package dev.bqsync.port;

import java.util.Optional;

/** Secrets by id (Secret Manager in production): the latest value, and new values as new versions. */
public interface SecretStore {
  Optional<String> latest(String secretId);

  /** Stores {@code value} as the secret's new latest version (older versions stay until disabled). */
  void put(String secretId, String value);

  /**
   * Disables every enabled version but the newest and returns their values, so the caller can
   * revoke what they held. Idempotent: a second call finds nothing more to disable.
   */
  java.util.List<String> disableOlderVersions(String secretId);

  /** Disables every enabled version (a disconnect forgets the secret) and returns their values. */
  java.util.List<String> disableAllVersions(String secretId);
}
