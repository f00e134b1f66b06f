package dev.bqsync.testing;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.json.webtoken.JsonWebSignature;
import com.google.api.client.json.webtoken.JsonWebToken;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * Google's ID-token signer on loopback: an RSA key whose public half is served as a JWK set (the
 * format of https://www.googleapis.com/oauth2/v3/certs), and tokens signed with it the way Google
 * signs a service account's ID token. A second key that is not served signs forged tokens.
 */
public final class FakeGoogleIdTokens implements AutoCloseable {
  private static final String KID = "test-key-1";
  private final KeyPair served = generate();
  private final KeyPair forger = generate();
  private final HttpServer server;

  public FakeGoogleIdTokens() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    RSAPublicKey key = (RSAPublicKey) served.getPublic();
    String jwks = "{\"keys\": [{\"kty\": \"RSA\", \"alg\": \"RS256\", \"use\": \"sig\", \"kid\": \"" + KID
        + "\", \"n\": \"" + b64(key.getModulus()) + "\", \"e\": \"" + b64(key.getPublicExponent()) + "\"}]}";
    server.createContext("/certs", exchange -> {
      byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  public String certsUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
  }

  /** A valid ID token for {@code email}, as Google issues one for a service account. */
  public String token(String email) {
    return sign(served, email, true, Instant.now().plusSeconds(3600));
  }

  public String expired(String email) {
    return sign(served, email, true, Instant.now().minusSeconds(3600));
  }

  public String forged(String email) {
    return sign(forger, email, true, Instant.now().plusSeconds(3600));
  }

  public String unverifiedEmail(String email) {
    return sign(served, email, false, Instant.now().plusSeconds(3600));
  }

  private static String sign(KeyPair key, String email, boolean verified, Instant expires) {
    JsonWebSignature.Header header = new JsonWebSignature.Header().setAlgorithm("RS256").setKeyId(KID).setType("JWT");
    JsonWebToken.Payload payload = new JsonWebToken.Payload().setIssuer("https://accounts.google.com")
        .setAudience("https://bqsync-management.example").setSubject("1234567890")
        .setIssuedAtTimeSeconds(expires.getEpochSecond() - 3600).setExpirationTimeSeconds(expires.getEpochSecond());
    payload.set("email", email);
    payload.set("email_verified", verified);
    try {
      return JsonWebSignature.signUsingRsaSha256(key.getPrivate(), GsonFactory.getDefaultInstance(), header, payload);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
