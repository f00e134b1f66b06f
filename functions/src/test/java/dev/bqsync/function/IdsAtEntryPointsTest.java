package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.UsageTestbed;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ids with path characters through every served function: each is answered 400 with the rule to
 * follow, before any lookup (a lookup of {@code acme/leases/usage} would have answered 404), never a
 * 500 or a stack trace; and a stored configuration that names another tenant than its document is
 * refused as needing a person.
 */
class IdsAtEntryPointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATH_IDS = List.of("acme/leases/usage", "..", "__x__", "a/b", "acme/", "../acme",
      "acme\n", "ACME");
  private static FunctionServer usage;
  private static FunctionServer crm;
  private static FunctionServer oauth;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private UsageTestbed bed;

  @BeforeAll
  static void serve() throws Exception {
    usage = TestComponents.serveOnEmulators(UsagePullFunction.class);
    crm = FunctionServer.start(CrmSyncFunction.class, Map.of());
    oauth = FunctionServer.start(OAuthFunction.class, Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    oauth.close();
    crm.close();
    TestComponents.stop(usage);
  }

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
  }

  private static String body(String field, String value, String... more) {
    ObjectNode body = JSON.createObjectNode();
    for (int i = 0; i < more.length; i += 2) {
      body.put(more[i], more[i + 1]);
    }
    body.put(field, value);
    return body.toString();
  }

  @Test
  void aTenantIdWithPathCharactersIsA400SayingTheRuleInBothSyncFunctions() throws Exception {
    for (FunctionServer function : List.of(usage, crm)) {
      for (String bad : PATH_IDS) {
        FunctionServer.Answer answer = function.post(body("tenantId", bad));

        assertThat(answer.status()).as(bad).isEqualTo(400);
        assertThat(answer.body().get("refusal").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(answer.body().get("message").asText()).as(bad).contains("is not a valid tenant id")
            .contains("use 1-40 lowercase letters, digits or hyphens");
        assertThat(answer.body().toString()).doesNotContain("Exception").doesNotContain("\tat ");
      }
    }
    assertThat(bed.documents("runs")).isEmpty();
  }

  @Test
  void aSectionIdWithPathCharactersIsA400SayingTheRuleInBothSyncFunctions() throws Exception {
    for (FunctionServer function : List.of(usage, crm)) {
      for (String bad : List.of("logins/../x", "..", "__x__", "a/b", "-logins")) {
        FunctionServer.Answer answer = function.post(body("sectionId", bad, "tenantId", "acme"));

        assertThat(answer.status()).as(bad).isEqualTo(400);
        assertThat(answer.body().get("message").asText()).as(bad).contains("is not a valid section id")
            .contains("use 1-63 letters, digits, underscores or hyphens");
      }
    }
    assertThat(bed.documents("runs")).isEmpty();
  }

  @Test
  void theStartLinkRefusesATenantWithPathCharactersWithoutEchoingIt() throws Exception {
    for (String bad : PATH_IDS) {
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(oauth.url() + "/start?ticket="
          + "AAAAAAAAAAAAAAAAAAAAAAAA&tenant=" + URLEncoder.encode(bad, StandardCharsets.UTF_8))).GET().build(),
          HttpResponse.BodyHandlers.ofString());

      // the one neutral answer of every start that is not allowed (docs/oauth.md)
      assertThat(page.statusCode()).as(bad).isEqualTo(403);
      assertThat(page.body()).contains("This link cannot be used").doesNotContain("leases").doesNotContain("Exception");
    }
  }

  @Test
  void theCallbackRefusesAStateWithPathCharactersAsAnUnknownLink() throws Exception {
    for (String bad : List.of("../../tenants/acme", "oauthStates/x", "__x__", "..", "a/b")) {
      String state = URLEncoder.encode(bad, StandardCharsets.UTF_8);
      for (String query : List.of("code=4%2F0AX-code&state=" + state, "error=access_denied&state=" + state)) {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(oauth.url() + "/callback?" + query))
            .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).as(query).isEqualTo(403);
        assertThat(page.body()).doesNotContain("Exception").doesNotContain(bad);
      }
    }
  }

  @Test
  void aStoredConfigurationNamingAnotherTenantIsRefusedAsNeedingAPerson() throws Exception {
    // Someone copied acme's document to globex by hand: running it would pull acme's data as globex.
    Map<String, Object> acme = bed.firestore.collection("tenants").document("acme").get().get().getData();
    bed.firestore.collection("tenants").document("globex").set(Map.of("config", acme.get("config"),
        "enabled", true, "configUpdatedAt", com.google.cloud.Timestamp.of(java.util.Date.from(Instant.now())))).get();

    for (FunctionServer function : List.of(usage, crm)) {
      FunctionServer.Answer answer = function.post(body("tenantId", "globex"));

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body().get("refusal").asText()).isEqualTo("MISCONFIGURED");
      assertThat(answer.body().get("message").asText()).contains("tenants/globex says \"tenantId\": \"acme\"")
          .contains("its tenantId must be 'globex'");
      assertThat(answer.body().get("sections")).isEmpty();
    }
    assertThat(bed.documents("runs")).isEmpty();
    assertThat(bed.firestore.collection("tenants").document("globex").collection("runs").get().get().isEmpty()).isTrue();
  }

  @Test
  void aCallbackForATenantWhoseStoredConfigurationNamesAnotherIsAPageNotAStackTrace() throws Exception {
    Map<String, Object> acme = bed.firestore.collection("tenants").document("acme").get().get().getData();
    bed.firestore.collection("tenants").document("globex").set(Map.of("config", acme.get("config"),
        "enabled", true, "configUpdatedAt", com.google.cloud.Timestamp.of(java.util.Date.from(Instant.now())))).get();
    String state = dev.bqsync.oauth.Pkce.randomToken(32);
    String browser = dev.bqsync.oauth.Pkce.randomToken(32);
    new dev.bqsync.gcp.FirestoreOAuthStateStore(bed.firestore).save(new dev.bqsync.oauth.OAuthState(state, "globex",
        "ada@crm.example", false, dev.bqsync.oauth.Pkce.generate().verifier(),
        java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
            .digest(browser.getBytes(StandardCharsets.UTF_8))), Instant.now().plusSeconds(600)));

    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(oauth.url() + "/callback?code=4%2F0AX-x&state="
        + state)).header("Cookie", OAuthFunction.COOKIE + "=" + browser).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(409);
    assertThat(page.body()).contains("needs attention").doesNotContain("Exception").doesNotContain("acme");
  }
}
