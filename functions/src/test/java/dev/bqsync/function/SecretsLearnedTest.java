package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.log.LogEvent;
import dev.bqsync.core.log.LogLabels;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.core.log.Severity;
import dev.bqsync.gcp.GoogleOAuthClient;
import dev.bqsync.gcp.SecretManagerClients;
import dev.bqsync.gcp.SecretManagerSecretStore;
import dev.bqsync.oauth.Pkce;
import dev.bqsync.port.OAuthClient;
import dev.bqsync.testing.FakeGoogleOAuth;
import dev.bqsync.testing.FakeSecretManager;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.SecretValues;
import dev.bqsync.testing.UsageTestbed;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets no pattern recognises (a client secret without the GOCSPX prefix, say) are masked once
 * bqsync has loaded them: through the composition root's secret store, and as they pass the OAuth client.
 */
class SecretsLearnedTest {
  private static final String CLIENT_ID = "123456789012-abcdefghijklmnop.apps.googleusercontent.com";
  private static final LogLabels LABELS = new LogLabels("acme", "usage", null, null);
  private static FakeSecretManager secretManager;
  private static FakeGoogleOAuth google;

  @BeforeAll
  static void peers() throws Exception {
    secretManager = new FakeSecretManager();
    google = new FakeGoogleOAuth();
  }

  @AfterAll
  static void stop() throws Exception {
    google.close();
    secretManager.close();
  }

  @Test
  void aSecretReadThroughTheCompositionRootIsMaskedInTheLinesAfter() {
    UsageTestbed bed = UsageTestbed.fresh();
    secretManager.clear();
    String clientSecret = SecretValues.used("plain-client-secret-" + Pkce.randomToken(8));
    String refreshToken = SecretValues.used("opaque-refresh-" + Pkce.randomToken(12));
    var store = new SecretManagerSecretStore(SecretManagerClients.create(secretManager.hostPort()), FirestoreEmulator.PROJECT);
    store.put("bqsync-acme-oauth-client", clientSecret);
    store.put("bqsync-acme-refresh-token", refreshToken);
    Components components = bed.components(Clock.systemUTC(),
        Map.of(Settings.SECRET_MANAGER_EMULATOR_HOST, secretManager.hostPort()), b -> { });
    components.log().emit(LogEvent.of(Severity.WARNING, "before loading: " + clientSecret, LABELS));
    assertThat(bed.logText()).contains(clientSecret); // no pattern knows it

    components.secretStore().latest("bqsync-acme-oauth-client");
    components.secretStore().latest("bqsync-acme-refresh-token");
    components.log().emit(LogEvent.of(Severity.WARNING, "after loading: " + clientSecret + " / " + refreshToken, LABELS));

    String after = bed.logText().substring(bed.logText().indexOf("after loading"));
    assertThat(after).doesNotContain(clientSecret).doesNotContain(refreshToken)
        .contains("after loading: " + SecretRedactor.MASK + " / " + SecretRedactor.MASK);
  }

  @Test
  void whatPassesTheOAuthClientIsLearned() {
    String clientSecret = SecretValues.used("plain-client-secret-" + Pkce.randomToken(8));
    google.registerClient(CLIENT_ID, clientSecret);
    String redirect = "http://127.0.0.1/callback";
    Pkce pkce = Pkce.generate();
    String code = google.codeFor(CLIENT_ID, redirect, pkce.challenge());
    SecretRedactor redactor = new SecretRedactor();
    OAuthClient client = new LearningOAuthClient(new GoogleOAuthClient(URI.create(google.url("/auth")),
        URI.create(google.url("/token")), URI.create(google.url("/tokeninfo")), URI.create(redirect),
        URI.create(google.url("/revoke"))), redactor);

    OAuthClient.Tokens tokens = client.exchange(CLIENT_ID, clientSecret, code, pkce.verifier());

    for (String secret : new String[] {clientSecret, code, pkce.verifier(), tokens.refreshToken(), tokens.accessToken()}) {
      assertThat(redactor.redact("saw " + secret + " here")).isEqualTo("saw " + SecretRedactor.MASK + " here");
    }
  }
}
