package dev.bqsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.gcp.FirestoreConnectionStatusStore;
import dev.bqsync.gcp.SecretManagerClients;
import dev.bqsync.gcp.SecretManagerSecretStore;
import dev.bqsync.testing.FakeGoogleOAuth;
import dev.bqsync.testing.FakeSecretManager;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.UsageTestbed;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OAuthCliTest {
  private static final String CLIENT_ID = "123456789012-abcdefghijklmnop.apps.googleusercontent.com";
  private static FakeSecretManager secretManager;
  private static FakeGoogleOAuth google;
  private UsageTestbed bed;
  private Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    secretManager = new FakeSecretManager();
    google = new FakeGoogleOAuth();
  }

  @AfterAll
  static void stop() {
    secretManager.close();
    google.close();
  }

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    secretManager.clear();
    env = Map.of("FIRESTORE_EMULATOR_HOST", FirestoreEmulator.shared().hostPort(),
        "SECRET_MANAGER_EMULATOR_HOST", secretManager.hostPort(), "GOOGLE_CLOUD_PROJECT", FirestoreEmulator.PROJECT);
  }

  private String run(int expectedCode, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(CliRunner.run(env, out, args)).as(String.join(" ", args)).isEqualTo(expectedCode);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aDryRunOfAnOAuthTenantReachesBigQueryWithTheTenantsOwnToken() {
    bed.crmSetup();
    google.registerClient(CLIENT_ID, "acme-client-secret-0123456789");
    var secrets = new SecretManagerSecretStore(SecretManagerClients.create(secretManager.hostPort()),
        FirestoreEmulator.PROJECT);
    secrets.put("bqsync-acme-oauth-client", "acme-client-secret-0123456789");
    secrets.put("bqsync-acme-refresh-token", google.issueRefreshToken(CLIENT_ID));
    env = new java.util.HashMap<>(env);
    // No emulator host: BigQuery is reached as in production, with the tenant's OAuth credentials,
    // only at a local endpoint (the emulator) and with the token from a local token endpoint.
    env.put("BIGQUERY_API_ENDPOINT", UsageTestbed.bigquery().endpoint());
    env.put("OAUTH_TOKEN_URI", google.url("/token"));
    int tokenCallsBefore = google.tokenCalls.get();

    String printed = run(0, "sync", "crm", "--tenant", "acme", "--section", "companies", "--dry-run");

    assertThat(printed).contains("Section companies: OK (dry run: nothing written)");
    assertThat(google.tokenCalls.get()).isGreaterThan(tokenCallsBefore);
  }

  @Test
  void theClientSecretGoesToSecretManagerOnlyAndIsNeverPrinted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secret.txt");
    Files.writeString(file, "acme-client-secret-0123456789\n");

    String printed = run(0, "tenant", "set-oauth-client", "--tenant", "acme", "--client-id", CLIENT_ID,
        "--client-secret-file", file.toString());

    assertThat(printed).contains("Stored the OAuth client secret of tenant acme in Secret Manager (secret "
        + "bqsync-acme-oauth-client)").doesNotContain("acme-client-secret-0123456789");
    var stored = new SecretManagerSecretStore(SecretManagerClients.create(secretManager.hostPort()), FirestoreEmulator.PROJECT)
        .latest("bqsync-acme-oauth-client").orElseThrow();
    assertThat(stored).isEqualTo("acme-client-secret-0123456789");
    assertThat(String.valueOf(bed.firestore.collection("tenants").document("acme").get().get().getData()))
        .doesNotContain("acme-client-secret-0123456789");

    String wrongClient = run(2, "tenant", "set-oauth-client", "--tenant", "acme", "--client-id", "1-x.apps.googleusercontent.com",
        "--client-secret-file", file.toString());
    assertThat(wrongClient).contains("is configured with client id " + CLIENT_ID);
  }

  @Test
  void connectMintsASingleUseLinkForOneAdmin() {
    assertThat(run(2, "tenant", "connect", "--tenant", "acme", "--admin", "ada@crm.example", "--function-url",
        "https://oauth-abc.a.run.app/")).contains("client secret of tenant 'acme' is not stored");
    new SecretManagerSecretStore(SecretManagerClients.create(secretManager.hostPort()), FirestoreEmulator.PROJECT)
        .put("bqsync-acme-oauth-client", "acme-client-secret-0123456789");

    String printed = run(0, "tenant", "connect", "--tenant", "acme", "--admin", "ada@crm.example", "--function-url",
        "https://oauth-abc.a.run.app/");

    assertThat(printed).contains("https://oauth-abc.a.run.app/callback").contains("'In production'")
        .containsPattern("https://oauth-abc\\.a\\.run\\.app/start\\?ticket=[A-Za-z0-9_-]{43}\n")
        .contains("Give this link to ada@crm.example only");
    assertThat(run(2, "tenant", "connect", "--tenant", "acme", "--admin", "ada@crm.example")).contains("pass --function-url");
    assertThat(run(2, "tenant", "connect", "--tenant", "acme", "--admin", "a b", "--function-url", "https://x/"))
        .contains("is not an admin id");
    assertThat(run(2, "tenant", "connect", "--tenant", "acme", "--function-url", "https://x/")).contains("--admin");
  }

  @Test
  void statusShowsConnectionHealth() {
    assertThat(run(1, "tenant", "status", "--tenant", "acme")).contains("Tenant acme: NOT_CONNECTED")
        .contains("secret bqsync-acme-oauth-client: MISSING");

    new FirestoreConnectionStatusStore(bed.firestore).advance("acme", 0, new ConnectionStatus(ConnectionState.CONNECTED,
        "data-admin@acme.example", List.of("https://www.googleapis.com/auth/bigquery"), Instant.parse("2026-11-23T10:00:00Z"),
        null, "ada@crm.example", 1));

    assertThat(run(0, "tenant", "status", "--tenant", "acme")).contains("Tenant acme: CONNECTED")
        .contains("account: data-admin@acme.example").contains("since:   2026-11-23T10:00:00Z")
        .contains("by:      ada@crm.example (connection generation 1)");
  }
}
