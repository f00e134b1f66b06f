package dev.bqsync.core.state;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's connection health: state, which Google account connected with which scopes, which
 * admin of the CRM connected it, when, and why (for problems). {@code generation} counts connects,
 * reconnects and revocations: credentials are cached per generation, and a write based on an older
 * generation never replaces a newer one.
 */
public record ConnectionStatus(ConnectionState state, String account, List<String> scopes, Instant updatedAt,
    String message, String connectedBy, long generation) {
  public ConnectionStatus {
    scopes = List.copyOf(scopes == null ? List.of() : scopes);
  }

  public static ConnectionStatus notConnected(Instant now) {
    return new ConnectionStatus(ConnectionState.NOT_CONNECTED, null, List.of(), now,
        "not connected yet: mint a connect link ('bqsync tenant connect --admin ...') and open it", null, 0);
  }

  /** The status after this one: same account facts, another state and message, the next generation. */
  public ConnectionStatus next(ConnectionState newState, Instant now, String newMessage) {
    return new ConnectionStatus(newState, account, scopes, now, newMessage, connectedBy, generation + 1);
  }
}
