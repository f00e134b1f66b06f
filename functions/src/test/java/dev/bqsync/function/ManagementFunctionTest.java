package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.gcp.SecretManagerClients;
import dev.bqsync.gcp.SecretManagerSecretStore;
import dev.bqsync.testing.FakeSecretManager;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.UsageTestbed;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The private management call that mints connect links, served by the invoker on the emulators. */
class ManagementFunctionTest {
  private static final String LINK = "/v1/tenants/acme/connection/link";
  private static final String REDIRECT = "https://europe-west1-crm-prod-1.cloudfunctions.net/bqsync-prod-oauth/callback";
  private static FunctionServer server;
  private static FakeSecretManager secretManager;

  @BeforeAll
  static void serve() throws Exception {
    secretManager = new FakeSecretManager();
    TestComponents.reset();
    server = FunctionServer.start(ManagementFunction.class, Map.of(
        Settings.FIRESTORE_EMULATOR_HOST, FirestoreEmulator.shared().hostPort(),
        Settings.GOOGLE_CLOUD_PROJECT, FirestoreEmulator.PROJECT,
        Settings.SECRET_MANAGER_EMULATOR_HOST, secretManager.hostPort(),
        Settings.OAUTH_REDIRECT_URI, REDIRECT));
  }

  @AfterAll
  static void stop() throws Exception {
    TestComponents.stop(server);
    secretManager.close();
  }

  @BeforeEach
  void fresh() {
    UsageTestbed.fresh();
    secretManager.clear();
  }

  @Test
  void aLinkIsMintedForOneAdminOnceTheTenantIsReady() throws Exception {
    FunctionServer.Answer early = server.post(LINK, "{\"admin\": \"ada@crm.example\"}");
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.body().get("error").asText()).contains("client secret of tenant 'acme' is not stored");
    new SecretManagerSecretStore(SecretManagerClients.create(secretManager.hostPort()), FirestoreEmulator.PROJECT)
        .put("bqsync-acme-oauth-client", "acme-client-secret");

    FunctionServer.Answer minted = server.post(LINK, "{\"admin\": \"ada@crm.example\", \"replace\": true}");

    assertThat(minted.status()).isEqualTo(201);
    String url = minted.body().get("url").asText();
    assertThat(url).matches("https://europe-west1-crm-prod-1\\.cloudfunctions\\.net/bqsync-prod-oauth/start\\?ticket="
        + "[A-Za-z0-9_-]{43}");
    assertThat(minted.body().get("redirectUri").asText()).isEqualTo(REDIRECT);
    assertThat(minted.body().get("expiresAt").asText()).endsWith("Z");
    String ticket = URI.create(url).getQuery().substring("ticket=".length());
    assertThat(Components.shared().oauth().start(ticket, "acme").status()).as("the link starts a sign-in").isEqualTo(302);
    assertThat(Components.shared().oauth().start(ticket, "acme").status()).as("once").isEqualTo(403);
  }

  @Test
  void requestsItCannotTakeSayWhatToChange() throws Exception {
    assertThat(server.post("/v1/tenants/nobody/connection/link", "{\"admin\": \"ada@crm.example\"}").status())
        .isEqualTo(404);
    FunctionServer.Answer badTenant = server.post("/v1/tenants/Acme_Corp/connection/link", "{\"admin\": \"a@b.c\"}");
    assertThat(badTenant.status()).isEqualTo(400);
    assertThat(badTenant.body().get("error").asText()).contains("is not a valid tenant id");
    assertThat(server.post(LINK, "{\"admin\": \"a b\"}").body().get("error").asText()).contains("is not an admin id");
    assertThat(server.post(LINK, "{}").body().get("error").asText()).contains("\"admin\" is required");
    assertThat(server.post(LINK, "{\"admin\": \"a@b.c\", \"tenant\": \"globex\"}").body().get("error").asText())
        .contains("unknown field \"tenant\"");
    assertThat(server.post("/v1/tenants/acme/secrets", "{}").status()).isEqualTo(404);
    assertThat(server.post("/v1/tenants/acme%2F..%2Fglobex/connection/link", "{\"admin\": \"a@b.c\"}").status())
        .isIn(400, 404);
  }
}
