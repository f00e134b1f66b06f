package dev.bqsync.port;

import dev.bqsync.oauth.ConnectTicket;
import java.util.Optional;

/** Minted connect tickets, each usable once. */
public interface ConnectTicketStore {
  void save(ConnectTicket ticket);

  /** Removes and returns the ticket with this hash, atomically: of two callers, one gets it. */
  Optional<ConnectTicket> consume(String hash);
}
