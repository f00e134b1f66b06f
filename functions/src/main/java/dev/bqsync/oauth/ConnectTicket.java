package dev.bqsync.oauth;

import java.time.Instant;

/**
 * A minted connect link's ticket as stored: only the SHA-256 of the random ticket, the tenant and
 * admin it was minted for, whether it may replace a connected Google account, and its expiry.
 */
public record ConnectTicket(String hash, String tenantId, String admin, boolean replace, Instant expireAt) {}
