package dev.bqsync.function;

import com.google.api.client.json.webtoken.JsonWebSignature;
import com.google.auth.oauth2.TokenVerifier;
import com.google.cloud.functions.HttpRequest;
import java.util.Optional;

/**
 * Who calls the management API: the email of the Google ID token in {@code Authorization: Bearer},
 * verified here (signature, issuer, expiry, a verified email; the audience is the function's own
 * URL, which the platform's IAM check verifies) even though Cloud Functions' IAM already let the caller in: being allowed to invoke the function is
 * not the same as being allowed to manage a tenant, and a token nobody verified is no identity.
 */
final class CallerIdentity {
  static final String GOOGLE_CERTS = "https://www.googleapis.com/oauth2/v3/certs";
  private static final String PREFIX = "Bearer ";

  private final TokenVerifier verifier;

  CallerIdentity(String certificatesUri) {
    this.verifier = TokenVerifier.newBuilder()
        .setCertificatesLocation(certificatesUri == null ? GOOGLE_CERTS : certificatesUri)
        .setIssuer("https://accounts.google.com").build();
  }

  /** The verified caller's email, or empty when the request has no token that verifies. */
  Optional<String> of(HttpRequest request) {
    Optional<String> header = request.getFirstHeader("Authorization");
    if (header.isEmpty() || !header.get().startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      JsonWebSignature token = verifier.verify(header.get().substring(PREFIX.length()).trim());
      Object email = token.getPayload().get("email");
      Object verified = token.getPayload().get("email_verified");
      if (!(email instanceof String e) || !(Boolean.TRUE.equals(verified) || "true".equals(verified))) {
        return Optional.empty();
      }
      return Optional.of(e);
    } catch (TokenVerifier.VerificationException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
