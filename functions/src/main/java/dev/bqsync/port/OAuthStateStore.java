package dev.bqsync.port;

import dev.bqsync.oauth.OAuthState;
import java.util.Optional;

/** Started authorisations, each usable once. */
public interface OAuthStateStore {
  void save(OAuthState state);

  /** Removes and returns the state, atomically: of two callers with the same state, one gets it. */
  Optional<OAuthState> consume(String state);
}
