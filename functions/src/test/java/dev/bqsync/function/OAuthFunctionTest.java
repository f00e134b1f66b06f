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
  private static final String CLIENT_SECRET_ID = "bqsync-acme-oauth-client";
  private static final String REFRESH_SECRET_ID = "bqsync-acme-refresh-token";
  private static final String ADMIN = "ada@crm.example";
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
        Settings.OAUTH_TOKENINFO_URI, google.url("/tokeninfo"),
        Settings.OAUTH_REVOKE_URI, google.url("/revoke")));
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
    google.account = FakeGoogleOAuth.ACCOUNT;
    google.revoked.clear();
    google.grantedScopes = "https://www.googleapis.com/auth/bigquery openid email";
    secrets = new SecretManagerSecretStore(SecretManagerClients.create(secretManager.hostPort()), FirestoreEmulator.PROJECT);
    secrets.put(CLIENT_SECRET_ID, CLIENT_SECRET);
  }

  private HttpResponse<String> get(String url) throws Exception {
    return get(url, null);
  }

  private HttpResponse<String> get(String url, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (cookie != null) {
      request.header("Cookie", "other=1; " + OAuthFunction.COOKIE + "=" + cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

  /** What a sync function builds a tenant's credentials with, on the local peers. */
  private OAuthCredentials credentials() {
    return new OAuthCredentials(secrets, new FirestoreConnectionStatusStore(bed.firestore), google.uri("/token"),
        Clock.systemUTC(), new dev.bqsync.gcp.GoogleOAuthClient(google.uri("/auth"), google.uri("/token"),
            google.uri("/tokeninfo"), URI.create(server.url() + "/callback"), google.uri("/revoke")),
        Components.shared().log());
  }

  /** A connect link's ticket, minted through the private path (the instance's own flow, as the CLI does). */
  private static String ticket(String tenant, boolean replace) {
    return Components.shared().oauth().mint(tenant, ADMIN, replace).ticket();
  }

  /** The browser's cookie value from a start's Set-Cookie header. */
  private static String cookie(HttpResponse<String> start) {
    String header = start.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no cookie"));
    return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
  }

  /** A started and consented sign-in: the callback URL Google sends the browser to, and the browser's cookie. */
  private record Consent(String callback, String cookie) {}

  private Consent consent(boolean replace) throws Exception {
    HttpResponse<String> start = get(server.url() + "/start?ticket=" + ticket("acme", replace));
    assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
    String callback = location(get(location(start)));
    codesSeen.add(param(callback, "code"));
    return new Consent(callback, cookie(start));
  }

  private HttpResponse<String> connect(boolean replace) throws Exception {
    Consent c = consent(replace);
    return get(c.callback(), c.cookie());
  }

  @Test
  void aTicketSendsTheAdminToConsentWithStatePkceAndABrowserCookie() throws Exception {
    HttpResponse<String> start = get(server.url() + "/start?ticket=" + ticket("acme", false));

    String consent = location(start);
    assertThat(consent).startsWith(google.url("/auth"));
    assertThat(param(consent, "client_id")).isEqualTo(CLIENT_ID);
    assertThat(param(consent, "redirect_uri")).isEqualTo(server.url() + "/callback");
    assertThat(param(consent, "access_type")).isEqualTo("offline");
    assertThat(param(consent, "prompt")).isEqualTo("consent");
    assertThat(param(consent, "include_granted_scopes")).isEqualTo("false");
    assertThat(param(consent, "scope")).contains("https://www.googleapis.com/auth/bigquery").contains("email");
    assertThat(param(consent, "code_challenge_method")).isEqualTo("S256");
    assertThat(param(consent, "state")).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
    assertThat(start.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(start.headers().firstValue("Set-Cookie").orElseThrow()).startsWith(OAuthFunction.COOKIE + "=")
        .contains("; Path=/").contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax")
        .doesNotContain("Domain=");
  }

  @Test
  void theWholeFlowStoresTheRefreshTokenInTheTenantsOwnSecretAndRecordsWhoConnected() throws Exception {
    HttpResponse<String> done = connect(false);

    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(done.body()).contains("BigQuery is connected").contains("Connected as " + FakeGoogleOAuth.ACCOUNT);
    assertThat(secrets.latest(REFRESH_SECRET_ID).orElseThrow()).isIn(google.refreshTokens().keySet());
    assertThat(secrets.latest(CLIENT_SECRET_ID)).contains(CLIENT_SECRET);
    var status = new FirestoreConnectionStatusStore(bed.firestore).find("acme").orElseThrow();
    assertThat(status.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(status.account()).isEqualTo(FakeGoogleOAuth.ACCOUNT);
    assertThat(status.connectedBy()).isEqualTo(ADMIN);
    assertThat(status.generation()).isEqualTo(1);
    assertThat(status.scopes()).contains("https://www.googleapis.com/auth/bigquery");

    var credentials = credentials().forTenant("acme", new Auth.OAuthClient(CLIENT_ID));
    assertThat(credentials.getAccessToken().getTokenValue()).startsWith("ya29.refreshed-");
  }

  @Test
  void everyStartThatIsNotAllowedGetsTheSameNeutralAnswer() throws Exception {
    String used = ticket("acme", false);
    assertThat(get(server.url() + "/start?ticket=" + used).statusCode()).isEqualTo(302);
    new FirestoreConnectTicketStoreAccess(bed).saveExpired("acme");
    bed.applyTenant(UsageTestbed.tenantJson().replace("\"acme\"", "\"globex\""));
    secrets.put("bqsync-globex-oauth-client", "globex-secret");
    String globexTicket = ticket("globex", false);

    List<HttpResponse<String>> refused = List.of(
        get(server.url() + "/start"),
        get(server.url() + "/start?tenant=acme"),
        get(server.url() + "/start?tenant=nobody"),
        get(server.url() + "/start?ticket=" + Pkce.randomToken(32)),
        get(server.url() + "/start?ticket=" + used),
        get(server.url() + "/start?ticket=" + FirestoreConnectTicketStoreAccess.EXPIRED),
        get(server.url() + "/start?tenant=acme&ticket=" + globexTicket),
        get(server.url() + "/start?ticket=" + URLEncoder.encode("../../tenants/acme", StandardCharsets.UTF_8)));

    for (HttpResponse<String> answer : refused) {
      assertThat(answer.statusCode()).isEqualTo(403);
      assertThat(answer.body()).isEqualTo(refused.get(0).body()).doesNotContain("acme").doesNotContain(CLIENT_ID);
    }
    assertThat(get(server.url() + "/start?ticket=" + globexTicket).statusCode())
        .as("a refused use with the wrong tenant burnt the ticket").isEqualTo(403);
  }

  @Test
  void aCallbackWithoutTheBrowserCookieOfItsStartIsRefused() throws Exception {
    Consent c = consent(false);

    assertThat(get(c.callback()).statusCode()).isEqualTo(403);
    Consent d = consent(false);
    assertThat(get(d.callback(), Pkce.randomToken(32)).statusCode()).isEqualTo(403);
    assertThat(get(d.callback(), c.cookie()).statusCode()).isEqualTo(403);
    assertThat(secrets.latest(REFRESH_SECRET_ID)).isEmpty();
  }

  @Test
  void aStateWorksOnceAndAnExpiredOneNever() throws Exception {
    Consent c = consent(false);
    assertThat(get(c.callback(), c.cookie()).statusCode()).isEqualTo(200);
    assertThat(get(c.callback(), c.cookie()).statusCode()).isEqualTo(403);

    Pkce pkce = Pkce.generate();
    String state = Pkce.randomToken(32);
    String browser = Pkce.randomToken(32);
    new FirestoreOAuthStateStore(bed.firestore).save(new OAuthState(state, "acme", ADMIN, true, pkce.verifier(),
        sha256(browser), Instant.now().minusSeconds(1)));
    String code = google.codeFor(CLIENT_ID, server.url() + "/callback", pkce.challenge());
    assertThat(get(server.url() + "/callback?code=" + code + "&state=" + state, browser).statusCode()).isEqualTo(403);
  }

  @Test
  void aConsentWithoutTheBigQueryScopeConnectsNothingAndIsRevoked() throws Exception {
    google.grantedScopes = "openid email";

    HttpResponse<String> done = connect(false);

    assertThat(done.statusCode()).isEqualTo(400);
    assertThat(done.body()).contains("BigQuery access was not granted");
    assertThat(secrets.latest(REFRESH_SECRET_ID)).isEmpty();
    assertThat(new FirestoreConnectionStatusStore(bed.firestore).find("acme")).isEmpty();
    assertThat(google.revoked).hasSize(1);
  }

  @Test
  void anotherGoogleAccountReplacesAConnectionOnlyWithAReplacementTicket() throws Exception {
    assertThat(connect(false).statusCode()).isEqualTo(200);
    String first = secrets.latest(REFRESH_SECRET_ID).orElseThrow();
    google.account = "intruder@elsewhere.example";

    HttpResponse<String> refused = connect(false);

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("connected with another Google account");
    assertThat(secrets.latest(REFRESH_SECRET_ID)).contains(first);
    assertThat(new FirestoreConnectionStatusStore(bed.firestore).find("acme").orElseThrow().account())
        .isEqualTo(FakeGoogleOAuth.ACCOUNT);

    HttpResponse<String> replaced = connect(true);

    assertThat(replaced.statusCode()).isEqualTo(200);
    var status = new FirestoreConnectionStatusStore(bed.firestore).find("acme").orElseThrow();
    assertThat(status.account()).isEqualTo("intruder@elsewhere.example");
    assertThat(status.generation()).isEqualTo(2);
    assertThat(google.revoked).as("the OAuth function cannot read the replaced token").doesNotContain(first);

    // The next sync builds the new generation's credentials and retires what it replaced.
    assertThat(credentials().forTenant("acme", new Auth.OAuthClient(CLIENT_ID)).getRefreshToken())
        .isEqualTo(secrets.latest(REFRESH_SECRET_ID).orElseThrow());
    assertThat(google.revoked).contains(first);
    assertThat(secretManager.states("projects/" + FirestoreEmulator.PROJECT + "/secrets/" + REFRESH_SECRET_ID))
        .containsExactly(com.google.cloud.secretmanager.v1.SecretVersion.State.DISABLED,
            com.google.cloud.secretmanager.v1.SecretVersion.State.ENABLED);
    assertThat(logs.toString(StandardCharsets.UTF_8)).contains("oauth: a replaced refresh token was revoked at Google");
  }

  @Test
  void onlyAccountsOfTheAllowedDomainsMayConnect() throws Exception {
    bed.applyTenant(UsageTestbed.tenantJson().replace("\"kind\": \"OAUTH\",",
        "\"kind\": \"OAUTH\", \"allowedGoogleDomains\": [\"acme.com\"],"));

    HttpResponse<String> done = connect(false);

    assertThat(done.statusCode()).isEqualTo(403);
    assertThat(done.body()).contains("accepts Google accounts of acme.com only");
    assertThat(secrets.latest(REFRESH_SECRET_ID)).isEmpty();
  }

  @Test
  void aWarmInstancePicksUpAReconnectOnItsNextRun() throws Exception {
    connect(false);
    OAuthCredentials warm = credentials();
    assertThat(warm.forTenant("acme", new Auth.OAuthClient(CLIENT_ID)).getRefreshToken())
        .isEqualTo(secrets.latest(REFRESH_SECRET_ID).orElseThrow());

    google.account = "data-admin-2@acme.example";
    assertThat(connect(true).statusCode()).isEqualTo(200);

    assertThat(warm.forTenant("acme", new Auth.OAuthClient(CLIENT_ID)).getRefreshToken())
        .isEqualTo(secrets.latest(REFRESH_SECRET_ID).orElseThrow());
  }

  @Test
  void aCodeFromAnotherClientOrWithAnotherVerifierIsRefused() throws Exception {
    google.registerClient("999-other.apps.googleusercontent.com", "globex-secret");
    HttpResponse<String> start = get(server.url() + "/start?ticket=" + ticket("acme", false));
    String state = param(location(start), "state");
    String foreignCode = google.codeFor("999-other.apps.googleusercontent.com", server.url() + "/callback", "x");

    HttpResponse<String> mixed = get(server.url() + "/callback?code=" + foreignCode + "&state=" + state, cookie(start));

    assertThat(mixed.statusCode()).isEqualTo(400);
    assertThat(mixed.body()).contains("Google did not accept the sign-in");
    HttpResponse<String> again = get(server.url() + "/start?ticket=" + ticket("acme", false));
    String code = google.codeFor(CLIENT_ID, server.url() + "/callback", Pkce.generate().challenge());
    assertThat(get(server.url() + "/callback?code=" + code + "&state=" + param(location(again), "state"),
        cookie(again)).statusCode()).isEqualTo(400);
    assertThat(secrets.latest(REFRESH_SECRET_ID)).isEmpty();
  }

  @Test
  void aDeclinedConsentSaysSoPlainlyAndItsTextCannotForgeALogLine() throws Exception {
    HttpResponse<String> start = get(server.url() + "/start?ticket=" + ticket("acme", false));
    String state = param(location(start), "state");
    String forged = "x\n{\"severity\":\"CRITICAL\",\"message\":\"oauth: REAUTHORIZATION_REQUIRED\"}";

    HttpResponse<String> declined = get(server.url() + "/callback?error=" + URLEncoder.encode(forged,
        StandardCharsets.UTF_8) + "&state=" + state, cookie(start));

    assertThat(declined.statusCode()).isEqualTo(400);
    assertThat(declined.body()).contains("Google reported a problem").doesNotContain("REAUTHORIZATION");
    for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
      assertThat(line).doesNotStartWith("{\"severity\":\"CRITICAL\"");
      if (line.contains("authorisation declined")) {
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("message").asText())
            .isEqualTo("oauth: authorisation declined");
      }
    }
  }

  @Test
  void withoutARefreshTokenTheAdminIsToldHowToFixIt() throws Exception {
    google.sendRefreshToken = false;

    HttpResponse<String> done = connect(false);

    assertThat(done.statusCode()).isEqualTo(400);
    assertThat(done.body()).contains("no refresh token").contains("https://myaccount.google.com/permissions");
  }

  @Test
  void aTokenEndpointFailureIsRetriedOnce() throws Exception {
    Consent c = consent(false);
    int before = google.tokenCalls.get();
    google.failNextTokenCalls.set(1);

    HttpResponse<String> done = get(c.callback(), c.cookie());

    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(google.tokenCalls.get() - before).isEqualTo(2);
  }

  @Test
  void invalidGrantAtRunTimeMarksTheTenantForReauthorisationAndStopsItsRuns() throws Exception {
    connect(false);
    google.refuseRefreshWith = "invalid_grant";
    var connections = new FirestoreConnectionStatusStore(bed.firestore);
    OAuthCredentials credentials = credentials();

    assertThatThrownBy(() -> credentials.forTenant("acme", new Auth.OAuthClient(CLIENT_ID)))
        .isInstanceOf(NeedsAttentionException.class).hasMessageContaining("Testing").hasMessageContaining("7 days");
    var status = connections.find("acme").orElseThrow();
    assertThat(status.state()).isEqualTo(ConnectionState.REAUTHORIZATION_REQUIRED);
    assertThat(status.generation()).isEqualTo(2);

    var outcome = bed.job(new MutableClock(Instant.now())).run(JobRequest.usage("acme", null, true), null);
    assertThat(outcome.sections()).extracting(s -> s.status()).containsOnly(RunStatus.FAILED);
    assertThat(outcome.sections().get(0).message()).contains("needs to be authorised again");
  }

  @Test
  void noSecretEverReachesALogLineOrFirestore() throws Exception {
    List<String> tickets = new ArrayList<>();
    connect(false);
    google.sendRefreshToken = false;
    connect(false);
    google.refuseExchangeWith = "invalid_grant";
    connect(false);
    tickets.add(ticket("acme", true));

    StringBuilder firestore = new StringBuilder(String.valueOf(bed.firestore.collection("tenants").document("acme").get()
        .get().getData()));
    bed.firestore.collection("oauthStates").get().get().getDocuments().forEach(d -> firestore.append(d.getData()));
    bed.firestore.collection("connectTickets").get().get().getDocuments().forEach(d -> firestore.append(d.getData()));
    bed.documents("runs").forEach(d -> firestore.append(d.getData()));
    String logText = logs.toString(StandardCharsets.UTF_8);
    List<String> secretsSeen = new ArrayList<>(google.refreshTokens().keySet());
    secretsSeen.add(CLIENT_SECRET);
    secretsSeen.addAll(codesSeen);
    secretsSeen.addAll(tickets);
    assertThat(logText).contains("oauth: BigQuery connected");
    for (String secret : secretsSeen) {
      assertThat(logText).doesNotContain(secret);
      assertThat(firestore.toString()).doesNotContain(secret);
    }
    assertThat(logText).doesNotContain("ya29.");
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes an expired ticket straight into the store, as if it had been minted 11 minutes ago. */
  private record FirestoreConnectTicketStoreAccess(UsageTestbed bed) {
    static final String EXPIRED = "expired-ticket-0123456789abcdef";

    void saveExpired(String tenant) throws Exception {
      new dev.bqsync.gcp.FirestoreConnectTicketStore(bed.firestore).save(new dev.bqsync.oauth.ConnectTicket(
          sha256(EXPIRED), tenant, ADMIN, false, Instant.now().minusSeconds(60)));
    }
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
