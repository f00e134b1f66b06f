package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.gcp.SecretManagerClients;
import dev.bqsync.gcp.SecretManagerSecretStore;
import dev.bqsync.port.SecretStore;
import dev.bqsync.testing.FakeGoogleIdTokens;
import dev.bqsync.testing.FakeGoogleOAuth;
import dev.bqsync.testing.FakeSecretManager;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.UsageTestbed;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management API served by the invoker on the emulators (Firestore, the project's BigQuery
 * emulator, Secret Manager over gRPC, Google's token signer and OAuth endpoints on loopback). Every
 * answer of every call here is checked against the committed OpenAPI document.
 */
class ManagementApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BACKEND = "crm-backend@crm-prod-1.iam.gserviceaccount.com";
  private static final String OPS = "ops@acme.example";
  private static final String REDIRECT = "https://europe-west1-crm-prod-1.cloudfunctions.net/bqsync-prod-oauth/callback";
  private static FunctionServer server;
  private static FakeSecretManager secretManager;
  private static FakeGoogleIdTokens tokens;
  private static FakeGoogleOAuth google;
  private static ManagementOpenApi openApi;
  private UsageTestbed bed;

  @BeforeAll
  static void serve() throws Exception {
    secretManager = new FakeSecretManager();
    tokens = new FakeGoogleIdTokens();
    google = new FakeGoogleOAuth();
    openApi = new ManagementOpenApi();
    TestComponents.reset();
    server = FunctionServer.start(ManagementFunction.class, Map.of(
        Settings.FIRESTORE_EMULATOR_HOST, FirestoreEmulator.shared().hostPort(),
        Settings.GOOGLE_CLOUD_PROJECT, FirestoreEmulator.PROJECT,
        Settings.BIGQUERY_EMULATOR_HOST, UsageTestbed.bigquery().endpoint(),
        Settings.SECRET_MANAGER_EMULATOR_HOST, secretManager.hostPort(),
        Settings.OAUTH_REDIRECT_URI, REDIRECT,
        Settings.OAUTH_REVOKE_URI, google.url("/revoke"),
        Settings.MANAGEMENT_TOKEN_CERTS_URI, tokens.certsUri(),
        Settings.MANAGEMENT_CALLERS, "{\"" + BACKEND + "\": [\"*\"], \"" + OPS + "\": [\"acme\"]}",
        Settings.MANAGEMENT_LOCAL_CALLER, ""));
  }

  @AfterAll
  static void stop() throws Exception {
    TestComponents.stop(server);
    System.clearProperty(Settings.MANAGEMENT_CALLERS);
    secretManager.close();
    tokens.close();
    google.close();
  }

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    secretManager.clear();
  }

  @Test
  void theRoutesAndTheOpenApiDocumentNameTheSameOperations() throws Exception {
    List<String> served = ManagementRoutes.ALL.stream().map(r -> r.method() + " " + r.template()).toList();
    assertThat(served).containsExactlyInAnyOrderElementsOf(openApi.operations());
    FunctionServer.Answer doc = server.call("GET", "/openapi.json", null);
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.body()).isEqualTo(openApi.doc);
  }

  @Test
  void onlyAVerifiedCallerAllowedForTheTenantGetsIn() throws Exception {
    String path = "/v1/tenants/acme/configuration";
    assertThat(raw("GET", path, null).status()).as("no token").isEqualTo(401);
    assertThat(raw("GET", path, null, "Authorization", "Bearer " + tokens.forged(BACKEND)).status()).as("forged")
        .isEqualTo(401);
    assertThat(raw("GET", path, null, "Authorization", "Bearer " + tokens.expired(BACKEND)).status()).as("expired")
        .isEqualTo(401);
    assertThat(raw("GET", path, null, "Authorization", "Bearer " + tokens.unverifiedEmail(BACKEND)).status())
        .as("email not verified").isEqualTo(401);
    FunctionServer.Answer stranger = raw("GET", path, null, "Authorization", "Bearer " + tokens.token("eve@evil.example"));
    assertThat(stranger.status()).isEqualTo(403);
    assertThat(stranger.body().get("detail").asText()).contains("eve@evil.example may not use the management API");
    assertThat(call(OPS, "GET", path, null).status()).isEqualTo(200);
    FunctionServer.Answer otherTenant = call(OPS, "GET", "/v1/tenants/globex/configuration", null);
    assertThat(otherTenant.status()).isEqualTo(403);
    assertThat(otherTenant.body().get("detail").asText()).contains("may not manage tenant 'globex'");

    putNew("globex");
    assertThat(call(OPS, "GET", "/v1/tenants", null).body().get("tenants")).extracting(t -> t.get("tenantId").asText())
        .containsExactly("acme");
    assertThat(call(BACKEND, "GET", "/v1/tenants", null).body().get("tenants")).extracting(t -> t.get("tenantId")
        .asText()).containsExactly("acme", "globex");
  }

  @Test
  void aConfigurationIsSavedOnlyOverTheRevisionItsEditorRead() throws Exception {
    String path = "/v1/tenants/acme/configuration";
    FunctionServer.Answer read = call(BACKEND, "GET", path, null);
    String etag = read.header("ETag");
    assertThat(etag).isEqualTo("\"" + read.body().get("revision").asLong() + "\"");
    ObjectNode config = (ObjectNode) read.body().get("configuration");
    config.put("timeZone", "Europe/Paris");

    assertThat(call(BACKEND, "PUT", path, config.toString()).status()).as("no If-Match").isEqualTo(428);
    FunctionServer.Answer saved = call(BACKEND, "PUT", path, config.toString(), "If-Match", etag);
    assertThat(saved.status()).isEqualTo(200);
    assertThat(saved.body().get("configuration").get("timeZone").asText()).isEqualTo("Europe/Paris");
    assertThat(saved.header("ETag")).isNotEqualTo(etag);
    // Another admin still holds the first ETag: refused, nothing overwritten.
    config.put("timeZone", "Asia/Tokyo");
    FunctionServer.Answer stale = call(BACKEND, "PUT", path, config.toString(), "If-Match", etag);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.body().get("detail").asText()).contains("read it again");
    assertThat(call(BACKEND, "GET", path, null).body().get("configuration").get("timeZone").asText())
        .isEqualTo("Europe/Paris");

    FunctionServer.Answer off = call(BACKEND, "PUT", "/v1/tenants/acme/automation", "{\"enabled\": false}");
    assertThat(off.status()).isEqualTo(200);
    assertThat(off.body().get("configuration").get("enabled").asBoolean()).isFalse();
    assertThat(call(BACKEND, "PUT", "/v1/tenants/acme/automation", "{\"enabled\": true}", "If-Match", etag).status())
        .isEqualTo(412);
  }

  @Test
  void everyProblemComesBackWithItsJsonPathAndNothingIsSaved() throws Exception {
    ObjectNode config = configOf("acme");
    config.put("timeZone", "Mars/Olympus");
    ((ObjectNode) config.get("usageSections").get(0)).put("batchSize", -1);
    FunctionServer.Answer validated = call(BACKEND, "POST", "/v1/tenants/acme/configuration/validate", config.toString());
    assertThat(validated.status()).isEqualTo(200);
    assertThat(validated.body().get("valid").asBoolean()).isFalse();
    assertThat(validated.body().get("problems")).extracting(p -> p.get("path").asText())
        .contains("$.timeZone", "$.usageSections[0].batchSize");

    String etag = call(BACKEND, "GET", "/v1/tenants/acme/configuration", null).header("ETag");
    FunctionServer.Answer refused = call(BACKEND, "PUT", "/v1/tenants/acme/configuration", config.toString(),
        "If-Match", etag);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().get("problems")).extracting(p -> p.get("path").asText()).contains("$.timeZone");
    assertThat(call(BACKEND, "GET", "/v1/tenants/acme/configuration", null).header("ETag")).isEqualTo(etag);

    // A body naming another tenant is never stored under this one (nor under the other).
    FunctionServer.Answer foreign = call(BACKEND, "PUT", "/v1/tenants/acme/configuration", configOf("globex")
        .toString(), "If-Match", etag);
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.body().get("problems").get(0).get("path").asText()).isEqualTo("$.tenantId");
    assertThat(call(BACKEND, "GET", "/v1/tenants/globex/configuration", null).status()).isEqualTo(404);
    assertThat(call(BACKEND, "PUT", "/v1/tenants/acme/configuration", "[1]", "If-Match", etag).status()).isEqualTo(400);
    assertThat(call(BACKEND, "PUT", "/v1/tenants/acme/configuration", config.toString(), "If-Match", "yesterday")
        .status()).isEqualTo(400);
  }

  @Test
  void aNameTheCrmsStoreReservesIsRefusedWhenTheConfigurationIsSavedNotOnEveryRun() throws Exception {
    putNew("acme");
    String etag = call(BACKEND, "GET", "/v1/tenants/acme/configuration", null).header("ETag");
    ObjectNode config = configOf("acme");
    config.put("tenantId", "acme");
    String json = config.toString().replace("\"info\":[\"browser\"]", "\"info\":[\"browser\",\"__meta__\"]");
    assertThat(json).as("the test's section maps info").contains("__meta__");

    FunctionServer.Answer refused = call(BACKEND, "PUT", "/v1/tenants/acme/configuration", json, "If-Match", etag);

    assertThat(refused.status()).isEqualTo(400);
    JsonNode problem = refused.body().get("problems").get(0);
    assertThat(problem.get("path").asText()).startsWith("$.usageSections[0].mapping.info");
    assertThat(problem.get("message").asText()).contains("__meta__").contains("reserved").contains("alias the column");
    assertThat(call(BACKEND, "GET", "/v1/tenants/acme/configuration", null).header("ETag")).isEqualTo(etag);
  }

  @Test
  void aConnectedTenantsConfigurationIsCheckedAgainstItsLiveCatalog() throws Exception {
    ObjectNode config = configOf("acme");
    ((ObjectNode) config.get("usageSections").get(0)).put("source", "acme-analytics.usage.no_such_table");
    ((ObjectNode) config.get("usageSections").get(1)).put("keyColumn", "company_id_typo");
    JsonNode beforeConnect = call(BACKEND, "POST", "/v1/tenants/acme/configuration/validate", config.toString()).body();
    assertThat(beforeConnect.get("valid").asBoolean()).isTrue();
    assertThat(beforeConnect.get("notChecked").asText()).contains("NOT_CONNECTED");

    connect("acme");
    JsonNode checked = call(BACKEND, "POST", "/v1/tenants/acme/configuration/validate", config.toString()).body();

    assertThat(checked.get("valid").asBoolean()).isFalse();
    assertThat(checked.get("problems")).extracting(p -> p.get("path").asText())
        .containsExactly("$.usageSections[0].source", "$.usageSections[1]");
    assertThat(checked.get("problems").get(0).get("message").asText()).contains("does not exist");
    assertThat(checked.get("problems").get(1).get("message").asText()).contains("company_id_typo");
  }

  @Test
  void aNewTenantIsCreatedWithoutIfMatchOnlyOnce() throws Exception {
    FunctionServer.Answer created = putNew("globex");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    assertThat(putNew("globex").status()).isEqualTo(428);
  }

  @Test
  void theConnectionShowsItsStateAndALinkIsMintedOnceTheClientSecretIsStored() throws Exception {
    JsonNode status = call(BACKEND, "GET", "/v1/tenants/acme/connection", null).body();
    assertThat(status.get("state").asText()).isEqualTo("NOT_CONNECTED");
    assertThat(status.get("redirectUri").asText()).isEqualTo(REDIRECT);
    assertThat(status.get("clientSecretStored").asBoolean()).isFalse();

    String link = "/v1/tenants/acme/connection/link";
    FunctionServer.Answer early = call(BACKEND, "POST", link, "{\"admin\": \"ada@crm.example\"}");
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.body().get("detail").asText()).contains("client secret of tenant 'acme' is not stored");
    secrets().put("bqsync-acme-oauth-client", "acme-client-secret");
    FunctionServer.Answer minted = call(BACKEND, "POST", link, "{\"admin\": \"ada@crm.example\", \"replace\": true}");
    assertThat(minted.status()).isEqualTo(201);
    String url = minted.body().get("url").asText();
    assertThat(url).matches("https://europe-west1-crm-prod-1\\.cloudfunctions\\.net/bqsync-prod-oauth/start\\?ticket="
        + "[A-Za-z0-9_-]{43}");
    String ticket = URI.create(url).getQuery().substring("ticket=".length());
    assertThat(Components.shared().oauth().start(ticket, "acme").status()).as("the link starts a sign-in").isEqualTo(302);
    assertThat(Components.shared().oauth().start(ticket, "acme").status()).as("once").isEqualTo(403);

    assertThat(call(BACKEND, "POST", link, "{}").body().get("detail").asText()).contains("\"admin\" is required");
    assertThat(call(BACKEND, "POST", link, "{\"admin\": \"a@b.c\", \"tenant\": \"globex\"}").body().get("detail")
        .asText()).contains("unknown field \"tenant\"");
    assertThat(call(BACKEND, "POST", "/v1/tenants/nobody/connection/link", "{\"admin\": \"a@b.c\"}").status())
        .isEqualTo(404);
  }

  @Test
  void aDisconnectMovesTheGenerationOnAndForgetsAndRevokesTheToken() throws Exception {
    connect("acme");
    secrets().put("bqsync-acme-refresh-token", "1//old-refresh-token");

    FunctionServer.Answer answer = call(BACKEND, "POST", "/v1/tenants/acme/connection/disconnect",
        "{\"admin\": \"ada@crm.example\"}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("state").asText()).isEqualTo("NOT_CONNECTED");
    assertThat(answer.body().get("generation").asLong()).isEqualTo(2);
    assertThat(answer.body().get("connectedBy").asText()).isEqualTo("ada@crm.example");
    assertThat(secrets().latest("bqsync-acme-refresh-token")).isEmpty();
    assertThat(google.revoked).contains("1//old-refresh-token");
  }

  @Test
  void theCatalogIsBrowsedThroughTheTenantsConnectionWithinItsAllowedProjects() throws Exception {
    String catalog = "/v1/tenants/acme/catalog/projects";
    assertThat(call(BACKEND, "GET", catalog, null).body().get("projects").get(0).get("project").asText())
        .isEqualTo("acme-analytics");
    assertThat(call(BACKEND, "GET", catalog + "/acme-analytics/datasets", null).status()).as("not connected")
        .isEqualTo(409);
    connect("acme");
    bed.crmSetup();

    JsonNode datasets = call(BACKEND, "GET", catalog + "/acme-analytics/datasets", null).body();
    assertThat(datasets.get("datasets")).extracting(d -> d.get("dataset").asText() + "@" + d.get("location").asText())
        .contains("usage@EU", "crm@EU");
    JsonNode tables = call(BACKEND, "GET", catalog + "/acme-analytics/datasets/usage/tables", null).body();
    assertThat(tables.get("tables")).extracting(t -> t.get("table").asText() + ":" + t.get("kind").asText())
        .contains("acme-analytics.usage.login_events:TABLE", "acme-analytics.usage.seats_v:VIEW");
    long listed = UsageTestbed.bigquery().requestCount("tables.list");
    assertThat(call(BACKEND, "GET", catalog + "/acme-analytics/datasets/usage/tables", null).body()).isEqualTo(tables);
    assertThat(UsageTestbed.bigquery().requestCount("tables.list")).as("a second look within a minute is cached")
        .isEqualTo(listed);
    JsonNode page = call(BACKEND, "GET", catalog + "/acme-analytics/datasets/usage/tables?pageSize=1", null).body();
    assertThat(page.get("tables")).hasSize(1);
    assertThat(page.get("nextPageToken").asText()).isNotBlank();
    JsonNode table = call(BACKEND, "GET", catalog + "/acme-analytics/datasets/usage/tables/login_events", null).body();
    assertThat(table.get("columns")).extracting(c -> c.get("name").asText() + " " + c.get("type").asText())
        .startsWith("event_id INT64", "user_email STRING");

    assertThat(call(BACKEND, "GET", catalog + "/globex-data/datasets", null).status()).isEqualTo(403);
    assertThat(call(BACKEND, "GET", catalog + "/acme-analytics/datasets/nope/tables/x", null).status()).isEqualTo(409);
    assertThat(call(BACKEND, "GET", catalog + "/acme-analytics/datasets?pageSize=500", null).status()).isEqualTo(400);
  }

  @Test
  void suggestionsFindTheUniqueNonNullKeyTheIncreasingCursorAndTheMappingsByName() throws Exception {
    connect("acme");
    bed.crmSetup();
    bed.sql("CREATE TABLE crm.people (person_id STRING, dup STRING, maybe STRING, seq INT64, first_name STRING, "
        + "Last_Name STRING, notes STRING)");
    bed.sql("INSERT INTO crm.people VALUES ('p1', 'x', 'a', 1, 'Ada', 'L', 'n'), ('p2', 'x', NULL, 2, 'Bob', 'M', 'n'),"
        + " ('p3', 'y', 'c', 3, 'Cy', 'N', 'n')");

    JsonNode crm = call(BACKEND, "GET", "/v1/tenants/acme/suggestions?table=acme-analytics.crm.people&kind=crm"
        + "&model=EndUser", null).body();
    assertThat(crm.get("rows").asLong()).isEqualTo(3);
    assertThat(crm.get("maximumBytesBilled").asLong()).isPositive();
    JsonNode first = crm.get("keyCandidates").get(0);
    assertThat(first.get("column").asText()).isEqualTo("person_id");
    assertThat(first.get("suitable").asBoolean()).isTrue();
    assertThat(reason(crm.get("keyCandidates"), "dup")).contains("1 rows repeat a value");
    assertThat(reason(crm.get("keyCandidates"), "maybe")).contains("1 of 3 rows are NULL");
    assertThat(crm.get("fieldMappings")).extracting(f -> f.get("column").asText() + "->" + f.get("crm").asText())
        .contains("first_name->firstName", "Last_Name->lastName", "notes->custom.notes")
        .doesNotContain("person_id->custom.person_id");

    JsonNode usage = call(BACKEND, "GET", "/v1/tenants/acme/suggestions?table=acme-analytics.crm.people&kind=usage",
        null).body();
    assertThat(usage.get("cursorCandidates").get(0).get("column").asText()).isIn("seq", "person_id");
    assertThat(usage.get("cursorCandidates")).extracting(c -> c.get("column").asText() + "=" + c.get("suitable")
        .asBoolean()).contains("seq=true", "person_id=false");
    assertThat(reason(usage.get("cursorCandidates"), "person_id")).contains("not 1-32 digits");

    // A time key (the ideal usage key: an ingestion time) may repeat; it comes with a tie-break.
    bed.sql("CREATE TABLE crm.events (ingested_at TIMESTAMP, event_id STRING, maybe_at DATETIME, kind STRING)");
    bed.sql("INSERT INTO crm.events VALUES (TIMESTAMP '2026-12-01 08:00:00', 'e1', NULL, 'a'), "
        + "(TIMESTAMP '2026-12-01 08:00:00', 'e2', DATETIME '2026-12-01 08:00:00', 'a'), "
        + "(TIMESTAMP '2026-12-01 09:00:00', 'e3', DATETIME '2026-12-01 09:00:00', 'b')");
    JsonNode times = call(BACKEND, "GET", "/v1/tenants/acme/suggestions?table=acme-analytics.crm.events&kind=usage",
        null).body();
    JsonNode ingested = candidate(times.get("cursorCandidates"), "ingested_at");
    assertThat(ingested.get("suitable").asBoolean()).as(ingested.toString()).isTrue();
    assertThat(ingested.get("tieBreak").asText()).isEqualTo("event_id");
    assertThat(ingested.get("reason").asText()).contains("1 rows share a time").contains("\"tieBreak\": \"event_id\"");
    assertThat(candidate(times.get("cursorCandidates"), "maybe_at").get("suitable").asBoolean()).isFalse();
    assertThat(reason(times.get("cursorCandidates"), "maybe_at")).contains("1 of 3 rows are NULL");
    assertThat(candidate(times.get("cursorCandidates"), "event_id").has("tieBreak")).isFalse();

    JsonNode view = call(BACKEND, "GET", "/v1/tenants/acme/suggestions?table=acme-analytics.crm.end_users_v&kind=crm"
        + "&model=EndUser", null).body();
    assertThat(view.get("fieldMappings")).allSatisfy(f -> assertThat(f.get("direction").asText()).isNotEqualTo("BOTH"));
    assertThat(call(BACKEND, "GET", "/v1/tenants/acme/suggestions?table=acme-analytics.crm.people&kind=crm", null)
        .status()).as("a CRM section needs its model").isEqualTo(400);
  }

  @Test
  void syncNowRunsTheJobAndItsRunsAreListedFilteredAndReadOne() throws Exception {
    connect("acme");
    bed.sql("INSERT INTO usage.login_events VALUES (1, 'ada@acme.example', 'login', TIMESTAMP '2026-11-20 10:00:00', "
        + "'c1', 1.0, 'firefox')");
    FunctionServer.Answer pulled = call(BACKEND, "POST", "/v1/tenants/acme/runs",
        "{\"job\": \"usage\", \"sectionId\": \"logins\", \"force\": true}");
    assertThat(pulled.status()).isEqualTo(200);
    assertThat(pulled.body().get("sections").get(0).get("status").asText()).isIn("OK", "PARTIAL");

    JsonNode runs = call(BACKEND, "GET", "/v1/tenants/acme/runs?job=usage&section=logins", null).body();
    assertThat(runs.get("runs")).hasSize(1);
    String runId = runs.get("runs").get(0).get("runId").asText();
    assertThat(call(BACKEND, "GET", "/v1/tenants/acme/runs?job=crm", null).body().get("runs")).isEmpty();
    assertThat(call(BACKEND, "GET", "/v1/tenants/acme/runs?status=FAILED", null).body().get("runs")).isEmpty();
    JsonNode run = call(BACKEND, "GET", "/v1/tenants/acme/runs/" + runId, null).body();
    assertThat(run.get("counts").get("rowsWritten").asLong()).isEqualTo(1);
    assertThat(call(BACKEND, "GET", "/v1/tenants/acme/runs/20990101T000000Z-x-logins", null).status()).isEqualTo(404);
    assertThat(call(BACKEND, "GET", "/v1/tenants/globex/runs", null).status()).isEqualTo(404);
    assertThat(call(BACKEND, "GET", "/v1/tenants/acme/runs?status=GREEN", null).status()).isEqualTo(400);
    assertThat(call(BACKEND, "GET", "/v1/tenants/acme/runs?pageToken=forged", null).status()).isEqualTo(400);

    bed.crmSetup();
    FunctionServer.Answer plan = call(BACKEND, "POST", "/v1/tenants/acme/runs",
        "{\"job\": \"crm\", \"sectionId\": \"companies\", \"dryRun\": true}");
    assertThat(plan.status()).isEqualTo(200);
    assertThat(plan.body().get("sections").get(0).get("dryRun").asBoolean()).isTrue();
    assertThat(call(BACKEND, "POST", "/v1/tenants/acme/runs", "{\"job\": \"billing\"}").status()).isEqualTo(400);
    assertThat(call(BACKEND, "POST", "/v1/tenants/acme/runs", "{\"job\": \"crm\", \"sectionId\": \"companies\", "
        + "\"dryRun\": true, \"allowMassChange\": true}").status()).as("a CRM run may be allowed mass changes")
        .isEqualTo(200);
    FunctionServer.Answer usageAllowed = call(BACKEND, "POST", "/v1/tenants/acme/runs",
        "{\"job\": \"usage\", \"allowMassChange\": true}");
    assertThat(usageAllowed.status()).isEqualTo(400);
    assertThat(usageAllowed.body().toString()).contains("allowMassChange", "CRM syncs");

    JsonNode overview = call(BACKEND, "GET", "/v1/tenants/acme", null).body();
    assertThat(overview.get("connection").asText()).isEqualTo("CONNECTED");
    // A dry run plans and records nothing, so the last runs are the pull's.
    assertThat(overview.get("lastRuns")).extracting(r -> r.get("sectionId").asText()).containsExactly("logins");
    assertThat(overview.get("failingSections")).isEmpty();
  }

  @Test
  void pathsAndIdsItCannotTakeAreRefusedBeforeAnythingIsRead() throws Exception {
    assertThat(call(BACKEND, "GET", "/v1/tenants/Acme_Corp/configuration", null).status()).isEqualTo(400);
    assertThat(raw("GET", "/v1/tenants/acme/secrets", null, "Authorization", "Bearer " + tokens.token(BACKEND))
        .status()).isEqualTo(404);
    assertThat(raw("DELETE", "/v1/tenants/acme/configuration", null, "Authorization", "Bearer "
        + tokens.token(BACKEND)).status()).isEqualTo(405);
    assertThat(call(BACKEND, "GET", "/v1/tenants/acme/catalog/projects/acme-analytics/datasets/a.b/tables", null)
        .status()).isEqualTo(400);
    assertThat(call(BACKEND, "GET", "/v1/tenants/nobody/configuration", null).status()).isEqualTo(404);
  }

  // ---- helpers ----

  private static String reason(JsonNode candidates, String column) {
    for (JsonNode c : candidates) {
      if (c.get("column").asText().equals(column)) {
        return c.get("reason").asText();
      }
    }
    throw new AssertionError("no candidate " + column + " in " + candidates);
  }

  private static JsonNode candidate(JsonNode candidates, String column) {
    for (JsonNode c : candidates) {
      if (c.get("column").asText().equals(column)) {
        return c;
      }
    }
    throw new AssertionError("no candidate " + column + " in " + candidates);
  }

  private FunctionServer.Answer putNew(String tenantId) throws Exception {
    return call(BACKEND, "PUT", "/v1/tenants/" + tenantId + "/configuration", configOf(tenantId).toString());
  }

  private static ObjectNode configOf(String tenantId) throws Exception {
    ObjectNode config = (ObjectNode) JSON.readTree(UsageTestbed.tenantJson());
    config.put("tenantId", tenantId);
    return config;
  }

  private static void connect(String tenantId) {
    ConnectionStatus connected = new ConnectionStatus(ConnectionState.CONNECTED, FakeGoogleOAuth.ACCOUNT,
        List.of("https://www.googleapis.com/auth/bigquery"), Instant.now(), null, "ada@crm.example", 1);
    Optional<ConnectionStatus> current = Components.shared().connections().find(tenantId);
    assertThat(Components.shared().connections().advance(tenantId, current.map(ConnectionStatus::generation).orElse(0L),
        connected)).isTrue();
  }

  private static SecretStore secrets() {
    return new SecretManagerSecretStore(SecretManagerClients.create(secretManager.hostPort()), FirestoreEmulator.PROJECT);
  }

  /** A call as {@code caller}, its answer checked against the OpenAPI document. */
  private static FunctionServer.Answer call(String caller, String method, String path, String body, String... headers)
      throws Exception {
    List<String> all = new ArrayList<>(List.of(headers));
    all.add("Authorization");
    all.add("Bearer " + tokens.token(caller));
    return raw(method, path, body, all.toArray(String[]::new));
  }

  private static FunctionServer.Answer raw(String method, String path, String body, String... headers)
      throws Exception {
    FunctionServer.Answer answer = server.call(method, path, body, headers);
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Optional<ManagementRoutes.Matched> route = ManagementRoutes.match(method, bare);
    if (route.isPresent() && answer.status() != 405) {
      String problems = openApi.problems(method, route.get().route().template(), answer.status(),
          answer.header("Content-Type"), answer.body());
      assertThat(problems).as(method + " " + path + " answered " + answer.status() + " " + answer.body()
          + " which the OpenAPI document does not allow").isEmpty();
    }
    return answer;
  }
}
