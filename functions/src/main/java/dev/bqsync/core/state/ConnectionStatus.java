package dev.bqsync.core.state;

import java.time.Instant;
import java.util.List;

/** A tenant's connection health: state, which account connected with which scopes, when, and why (for problems). */
public record ConnectionStatus(ConnectionState state, String account, List<String> scopes, Instant updatedAt,
    String message) {
  public ConnectionStatus {
    scopes = List.copyOf(scopes == null ? List.of() : scopes);
  }

  public static ConnectionStatus notConnected(Instant now) {
    return new ConnectionStatus(ConnectionState.NOT_CONNECTED, null, List.of(), now,
        "not connected yet: run 'bqsync tenant connect' and open the start URL");
  }
}
