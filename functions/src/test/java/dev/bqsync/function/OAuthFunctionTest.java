package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.Auth;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.gcp.FirestoreConnectionStatusStore;
import dev.bqsync.gcp.FirestoreOAuthStateStore;
import dev.bqsync.gcp.OAuthCredentials;
import dev.bqsync.gcp.SecretManagerClients;
import dev.bqsync.gcp.SecretManagerSecretStore;
import dev.bqsync.oauth.OAuthState;
import dev.bqsync.oauth.Pkce;
import dev.bqsync.oauth.TenantSecrets;
import dev.bqsync.sync.JobRequest;
import dev.bqsync.testing.FakeGoogleOAuth;
import dev.bqsync.testing.FakeSecretManager;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.UsageTestbed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OAuth connection through OAuthFunction over HTTP, against local Google OAuth and Secret Manager peers. */
class OAuthFunctionTest {
  private static final String CLIENT_ID = "123456789012-abcdefghijklmnop.apps.googleusercontent.com";
  private static final String CLIENT_SECRET = "acme-oauth-client-secret-9f8e7d6c";
  private static final String SECRET_ID = "bqsync-tenant-acme";
  private static FunctionServer server;
  private static FakeGoogleOAuth google;
  private static FakeSecretManager secretManager;
  private static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private static PrintStream originalOut;
  private static final List<String> codesSeen = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private UsageTestbed bed;
  private SecretManagerSecretStore secrets;

  @BeforeAll
  static void serve() throws Exception {
    google = new FakeGoogleOAuth();
    secretManager = new FakeSecretManager();
    originalOut = System.out;
    System.setOut(new PrintStream(new TeeStream(originalOut, logs), true, StandardCharsets.UTF_8));
    TestComponents.reset();
    server = FunctionServer.start(OAuthFunction.class, Map.of(
        Settings.FIRESTORE_EMULATOR_HOST, FirestoreEmulator.shared().hostPort(),
        Settings.GOOGLE_CLOUD_PROJECT, FirestoreEmulator.PROJECT,
        Settings.SECRET_MANAGER_EMULATOR_HOST, secretManager.hostPort(),
        Settings.OAUTH_AUTH_URI, google.url("/auth"),
        Settings.OAUTH_TOKEN_URI, google.url("/token"),
        Settings.OAUTH_TOKENINFO_URI, google.url("/tokeninfo")));
    System.setProperty(Settings.OAUTH_REDIRECT_URI, server.url() + OAuthFunction.CALLBACK_PATH);
    google.registerClient(CLIENT_ID, CLIENT_SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    TestComponents.reset();
    System.setOut(originalOut);
    google.close();
    secretManager.close();
  }

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    secretManager.clear();
    google.sendRefreshToken = true;
    google.refuseExchangeWith = null;
    google.refuseRefreshWith = null;
    secrets = new SecretManagerSecretStore(SecretManagerClients.create(secretManager.hostPort()), FirestoreEmulator.PROJECT);
    secrets.put(SECRET_ID, new TenantSecrets(CLIENT_SECRET, null).payload());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String location(HttpResponse<String> response) {
    return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no redirect: " + response.body()));
  }

  private static String param(String url, String name) {
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** start, then Google's consent page sends the browser back: the callback URL with code and state. */
  private String consent() throws Exception {
    HttpResponse<String> start = get(server.url() + "/start?tenant=acme");
    assertThat(start.statusCode()).isEqualTo(302);
    String callback = location(get(location(start)));
    codesSeen.add(param(callback, "code"));
    return callback;
  }

  @Test
  void startSendsTheAdminToGooglesConsentPageWithStateAndPkce() throws Exception {
    HttpResponse<String> start = get(server.url() + "/start?tenant=acme");

    String consent = location(start);
    assertThat(consent).startsWith(google.url("/auth"));
    assertThat(param(consent, "client_id")).isEqualTo(CLIENT_ID);
    assertThat(param(consent, "redirect_uri")).isEqualTo(server.url() + "/callback");
    assertThat(param(consent, "access_type")).isEqualTo("offline");
    assertThat(param(consent, "prompt")).isEqualTo("consent");
    assertThat(param(consent, "scope")).contains("https://www.googleapis.com/auth/bigquery").contains("email");
    assertThat(param(consent, "code_challenge_method")).isEqualTo("S256");
    assertThat(param(consent, "state")).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
    assertThat(start.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void theWholeFlowStoresTheRefreshTokenAndASyncGetsAnAccessTokenFromIt() throws Exception {
    HttpResponse<String> done = get(consent());

    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("BigQuery is connected").contains("Connected as " + FakeGoogleOAuth.ACCOUNT);
    TenantSecrets stored = TenantSecrets.parse(secrets.latest(SECRET_ID).orElseThrow());
    assertThat(stored.clientSecret()).isEqualTo(CLIENT_SECRET);
    assertThat(stored.refreshToken()).isIn(google.refreshTokens().keySet());
    assertThat(secretManager.states("projects/" + FirestoreEmulator.PROJECT + "/secrets/" + SECRET_ID))
        .containsExactly(com.google.cloud.secretmanager.v1.SecretVersion.State.DISABLED,
            com.google.cloud.secretmanager.v1.SecretVersion.State.ENABLED);
    var status = new FirestoreConnectionStatusStore(bed.firestore).find("acme").orElseThrow();
    assertThat(status.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(status.account()).isEqualTo(FakeGoogleOAuth.ACCOUNT);
    assertThat(status.scopes()).contains("https://www.googleapis.com/auth/bigquery");

    var credentials = new OAuthCredentials(secrets, new FirestoreConnectionStatusStore(bed.firestore),
        google.uri("/token"), Clock.systemUTC()).forTenant("acme", new Auth.OAuthClient(CLIENT_ID, SECRET_ID));
    assertThat(credentials.getAccessToken().getTokenValue()).startsWith("ya29.refreshed-");
  }

  @Test
  void aStateWorksOnce() throws Exception {
    String callback = consent();
    assertThat(get(callback).statusCode()).isEqualTo(200);

    HttpResponse<String> replay = get(callback);

    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.body()).contains("expired or was already used");
  }

  @Test
  void anExpiredStateIsRefused() throws Exception {
    Pkce pkce = Pkce.generate();
    String state = Pkce.randomToken(32);
    new FirestoreOAuthStateStore(bed.firestore).save(new OAuthState(state, "acme", pkce.verifier(),
        Instant.now().minusSeconds(1)));
    String code = google.codeFor(CLIENT_ID, server.url() + "/callback", pkce.challenge());

    HttpResponse<String> late = get(server.url() + "/callback?code=" + code + "&state=" + state);

    assertThat(late.statusCode()).isEqualTo(400);
    assertThat(late.body()).contains("expired or was already used");
  }

  @Test
  void aCodeFromAnotherTenantsClientIsRefused() throws Exception {
    google.registerClient("999-other.apps.googleusercontent.com", "globex-secret");
    String state = param(location(get(server.url() + "/start?tenant=acme")), "state");
    String foreignCode = google.codeFor("999-other.apps.googleusercontent.com", server.url() + "/callback", "x");

    HttpResponse<String> mixed = get(server.url() + "/callback?code=" + foreignCode + "&state=" + state);

    assertThat(mixed.statusCode()).isEqualTo(400);
    assertThat(mixed.body()).contains("Google did not accept the sign-in").contains("invalid_grant");
  }

  @Test
  void aPkceMismatchIsRefused() throws Exception {
    String state = param(location(get(server.url() + "/start?tenant=acme")), "state");
    String code = google.codeFor(CLIENT_ID, server.url() + "/callback", Pkce.generate().challenge());

    HttpResponse<String> mismatch = get(server.url() + "/callback?code=" + code + "&state=" + state);

    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).contains("Google did not accept the sign-in");
    assertThat(secrets.latest(SECRET_ID).map(TenantSecrets::parse).orElseThrow().refreshToken()).isNull();
  }

  @Test
  void missingOrTamperedParametersAreRefused() throws Exception {
    assertThat(get(server.url() + "/callback?code=abc").body()).contains("Incomplete link");
    assertThat(get(server.url() + "/callback?state=" + Pkce.randomToken(32)).body()).contains("Incomplete link");
    HttpResponse<String> tampered = get(server.url() + "/callback?code=abc&state="
        + URLEncoder.encode("../../tenants/acme", StandardCharsets.UTF_8));
    assertThat(tampered.statusCode()).isEqualTo(400);
    assertThat(tampered.body()).contains("expired or was already used");
    assertThat(get(server.url() + "/start").body()).contains("Missing tenant");
    assertThat(get(server.url() + "/start?tenant=nobody").statusCode()).isEqualTo(404);
    assertThat(get(server.url() + "/elsewhere").statusCode()).isEqualTo(404);
  }

  @Test
  void aDeclinedConsentSaysSoPlainly() throws Exception {
    String state = param(location(get(server.url() + "/start?tenant=acme")), "state");

    HttpResponse<String> declined = get(server.url() + "/callback?error=access_denied&state=" + state);

    assertThat(declined.statusCode()).isEqualTo(400);
    assertThat(declined.body()).contains("Access was not granted").contains("choose Allow");
  }

  @Test
  void withoutARefreshTokenTheAdminIsToldHowToFixIt() throws Exception {
    google.sendRefreshToken = false;

    HttpResponse<String> done = get(consent());

    assertThat(done.statusCode()).isEqualTo(400);
    assertThat(done.body()).contains("no refresh token").contains("https://myaccount.google.com/permissions");
  }

  @Test
  void aTokenEndpointFailureIsRetriedOnce() throws Exception {
    String callback = consent();
    int before = google.tokenCalls.get();
    google.failNextTokenCalls.set(1);

    HttpResponse<String> done = get(callback);

    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(google.tokenCalls.get() - before).isEqualTo(2);
  }

  @Test
  void invalidGrantAtRunTimeMarksTheTenantForReauthorisationAndStopsItsRuns() throws Exception {
    get(consent());
    google.refuseRefreshWith = "invalid_grant";
    var connections = new FirestoreConnectionStatusStore(bed.firestore);
    OAuthCredentials credentials = new OAuthCredentials(secrets, connections, google.uri("/token"), Clock.systemUTC());

    assertThatThrownBy(() -> credentials.forTenant("acme", new Auth.OAuthClient(CLIENT_ID, SECRET_ID)))
        .isInstanceOf(NeedsAttentionException.class).hasMessageContaining("Testing").hasMessageContaining("7 days");
    assertThat(connections.find("acme").orElseThrow().state()).isEqualTo(ConnectionState.REAUTHORIZATION_REQUIRED);

    var outcome = bed.job(new MutableClock(Instant.now())).run(JobRequest.usage("acme", null, true), null);
    assertThat(outcome.sections()).extracting(s -> s.status()).containsOnly(RunStatus.FAILED);
    assertThat(outcome.sections().get(0).message()).contains("needs to be authorised again");
  }

  @Test
  void noSecretEverReachesALogLineOrFirestore() throws Exception {
    get(consent());
    google.sendRefreshToken = false;
    get(consent());
    google.refuseExchangeWith = "invalid_grant";
    get(consent());

    StringBuilder firestore = new StringBuilder(String.valueOf(bed.firestore.collection("tenants").document("acme").get()
        .get().getData()));
    bed.firestore.collection("oauthStates").get().get().getDocuments().forEach(d -> firestore.append(d.getData()));
    bed.documents("runs").forEach(d -> firestore.append(d.getData()));
    String logText = logs.toString(StandardCharsets.UTF_8);
    List<String> secretsSeen = new ArrayList<>(google.refreshTokens().keySet());
    secretsSeen.add(CLIENT_SECRET);
    secretsSeen.addAll(codesSeen);
    assertThat(logText).contains("oauth: BigQuery connected");
    for (String secret : secretsSeen) {
      assertThat(logText).doesNotContain(secret);
      assertThat(firestore.toString()).doesNotContain(secret);
    }
    assertThat(logText).doesNotContain("ya29.");
  }

  /** Writes to two streams: the console and the captured log. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
