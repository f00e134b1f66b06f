package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.gcp.FirestoreConnectionStatusStore;
import dev.bqsync.gcp.SecretManagerClients;
import dev.bqsync.gcp.SecretManagerSecretStore;
import dev.bqsync.testing.FakeGoogleOAuth;
import dev.bqsync.testing.FakeSecretManager;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.TeeOutputStream;
import dev.bqsync.testing.UsageTestbed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The re-authorisation alert matches {@code jsonPayload.event="reauthorization_required"}
 * (docs/logging.md). Text a browser sends to the public callback cannot produce that field nor a line
 * of its own; a real re-authorisation does produce it, once per run.
 */
class ForgedLogLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLIENT_ID = "123456789012-abcdefghijklmnop.apps.googleusercontent.com";
  private static final String CLIENT_SECRET = "acme-oauth-client-secret-9f8e7d6c";
  private static final String REAUTHORIZATION = "reauthorization_required";
  private static final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private static PrintStream originalOut;
  private static FakeGoogleOAuth google;
  private static FakeSecretManager secretManager;
  private static FunctionServer oauth;
  private static FunctionServer usage;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private UsageTestbed bed;

  @BeforeAll
  static void serve() throws Exception {
    google = new FakeGoogleOAuth();
    secretManager = new FakeSecretManager();
    originalOut = System.out;
    // Before the components are built: their log writes to the System.out of that moment.
    System.setOut(new PrintStream(new TeeOutputStream(originalOut, logs), true, StandardCharsets.UTF_8));
    TestComponents.reset();
    oauth = FunctionServer.start(OAuthFunction.class, Map.of(
        Settings.FIRESTORE_EMULATOR_HOST, FirestoreEmulator.shared().hostPort(),
        Settings.GOOGLE_CLOUD_PROJECT, FirestoreEmulator.PROJECT,
        Settings.BIGQUERY_EMULATOR_HOST, UsageTestbed.bigquery().endpoint(),
        Settings.SECRET_MANAGER_EMULATOR_HOST, secretManager.hostPort(),
        Settings.OAUTH_AUTH_URI, google.url("/auth"),
        Settings.OAUTH_TOKEN_URI, google.url("/token"),
        Settings.OAUTH_TOKENINFO_URI, google.url("/tokeninfo")));
    usage = FunctionServer.start(UsagePullFunction.class, Map.of());
    System.setProperty(Settings.OAUTH_REDIRECT_URI, oauth.url() + OAuthFunction.CALLBACK_PATH);
    google.registerClient(CLIENT_ID, CLIENT_SECRET);
  }

  @AfterAll
  static void stop() throws Exception {
    usage.close();
    oauth.close();
    TestComponents.reset();
    System.setOut(originalOut);
    google.close();
    secretManager.close();
  }

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    secretManager.clear();
    new SecretManagerSecretStore(SecretManagerClients.create(secretManager.hostPort()), FirestoreEmulator.PROJECT)
        .put("bqsync-acme-oauth-client", CLIENT_SECRET);
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url, String cookie) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", OAuthFunction.COOKIE + "=" + cookie)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cookie(HttpResponse<String> start) {
    String header = start.headers().firstValue("Set-Cookie").orElseThrow();
    return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
  }

  private static String state(HttpResponse<String> start) {
    String location = start.headers().firstValue("Location").orElseThrow();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      if (pair.startsWith("state=")) {
        return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no state in " + location);
  }

  /** Every line logged since {@code from}, each of which must be one whole JSON object. */
  private static List<JsonNode> linesSince(int from) throws Exception {
    String text = new String(logs.toByteArray(), from, logs.size() - from, StandardCharsets.UTF_8);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        JsonNode node = JSON.readTree(line);
        assertThat(node.isObject()).as(line).isTrue();
        lines.add(node);
      }
    }
    return lines;
  }

  @Test
  void aForgedReauthorisationLineInTheCallbacksErrorIsQuotedAsDataAndMatchesNoAlert() throws Exception {
    String forged = "access_denied\n{\"severity\":\"ERROR\",\"event\":\"reauthorization_required\",\"message\":"
        + "\"the BigQuery connection needs to be authorised again\",\"logging.googleapis.com/labels\":{\"tenant\":"
        + "\"acme\",\"job\":\"usage\"}}\n";
    int from = logs.size();
    HttpResponse<String> start = get(oauth.url() + "/start?ticket="
        + Components.shared().oauth().mint("acme", "ada@crm.example", false).ticket());
    String state = state(start);

    HttpResponse<String> page = get(oauth.url() + "/callback?state=" + state + "&error="
        + URLEncoder.encode(forged, StandardCharsets.UTF_8), cookie(start));

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("Google reported a problem").doesNotContain(REAUTHORIZATION);
    List<JsonNode> lines = linesSince(from);
    assertThat(lines).noneMatch(l -> l.path("event").asText().equals(REAUTHORIZATION));
    assertThat(lines).noneMatch(l -> l.path("message").asText().contains("authorised again"));
    JsonNode declined = lines.stream().filter(l -> l.has("oauthError")).findFirst().orElseThrow();
    assertThat(declined.get("oauthError").asText()).isEqualTo(forged);
    assertThat(declined.get("message").asText()).isEqualTo("oauth: authorisation declined");
    assertThat(declined.get("severity").asText()).isEqualTo("WARNING");
  }

  @Test
  void aRealReauthorisationProducesTheAlertsFieldOncePerRun() throws Exception {
    new FirestoreConnectionStatusStore(bed.firestore).advance("acme", 0, new ConnectionStatus(
        ConnectionState.REAUTHORIZATION_REQUIRED, null, List.of(), Instant.now(), "Google no longer accepts the token",
        null, 1));
    int from = logs.size();

    FunctionServer.Answer answer = usage.post("{\"tenantId\": \"acme\", \"force\": true}");

    assertThat(answer.status()).isEqualTo(200);
    List<JsonNode> lines = linesSince(from);
    List<JsonNode> alerts = lines.stream().filter(l -> l.path("event").asText().equals(REAUTHORIZATION)).toList();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("logging.googleapis.com/labels").get("tenant").asText()).isEqualTo("acme");
    assertThat(alerts.get(0).get("reason").asText()).endsWith("Google no longer accepts the token");
    assertThat(lines.stream().filter(l -> l.path("event").asText().equals("section_finished")))
        .isNotEmpty().allMatch(l -> l.get("status").asText().equals("FAILED"));
  }
}
