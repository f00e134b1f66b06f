package dev.bqsync.port;

import java.util.Optional;

/** Secrets by id (Secret Manager in production): the latest value, and new values as new versions. */
public interface SecretStore {
  Optional<String> latest(String secretId);

  /** Stores {@code value} as the secret's new latest version and disables the older ones. */
  void put(String secretId, String value);
}
