package dev.bqsync.oauth;

import java.time.Instant;

/** A started authorisation: the random state, the tenant it was issued for, the PKCE verifier, its expiry. */
public record OAuthState(String state, String tenantId, String codeVerifier, Instant expireAt) {}
