package dev.bqsync.oauth;

import java.time.Instant;

/**
 * A started authorisation: the random state, the tenant and admin of the ticket it was started
 * with, whether it may replace a connected account, the PKCE verifier, the SHA-256 of the browser
 * cookie set at the start (the callback must come from the same browser), and its expiry.
 */
public record OAuthState(String state, String tenantId, String admin, boolean replace, String codeVerifier,
    String browserHash, Instant expireAt) {}
