package dev.bqsync.oauth;

import java.time.Instant;

/** A ticket as handed to the admin once: the random value (never stored) and when it stops working. */
public record MintedTicket(String ticket, Instant expiresAt) {
  @Override
  public String toString() {
    return "MintedTicket[expiresAt=" + expiresAt + "]";
  }
}
