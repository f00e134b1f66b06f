package dev.bqsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.gcp.FirestoreClientFactory;
import dev.bqsync.testing.ExampleConfigs;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.UsesFirestoreEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(UsesFirestoreEmulator.class)
class BqsyncCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final String example = ExampleConfigs.exampleTenantFile().toString();

  private int run(Map<String, String> env, String... args) {
    return new BqsyncCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        e -> dev.bqsync.function.Components.builder(e).firestore(FirestoreClientFactory.forEmulator(
            e.get(FirestoreClientFactory.EMULATOR_HOST), FirestoreEmulator.PROJECT)).stdout(new PrintStream(java.io.OutputStream.nullOutputStream())).build())
        .run(args);
  }

  private Map<String, String> emulatorEnv(FirestoreEmulator emulator) {
    return Map.of(FirestoreClientFactory.EMULATOR_HOST, emulator.hostPort());
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void validateAcceptsTheExample() {
    assertThat(run(Map.of(), "tenant", "validate", "--file", example)).isZero();
    assertThat(out()).contains("OK: tenant acme is valid (2 CRM section(s), 2 usage section(s))");
  }

  @Test
  void validateListsEveryProblemOnStderrWithExitCodeTwo(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, Files.readString(Path.of(example))
        .replace("\"batchSize\": 5000", "\"batchSize\": 0")
        .replace("\"location\": \"EU\"", "\"location\": \"eu west\""));

    assertThat(run(Map.of(), "tenant", "validate", "--file", broken.toString())).isEqualTo(2);
    assertThat(err()).contains("2 problem(s)")
        .contains("$.connection.location: 'eu west' is not a BigQuery location")
        .contains("$.usageSections[0].batchSize: is 0: use a batch size from 1 to 50,000");
    assertThat(out()).isEmpty();
  }

  @Test
  void aMissingFileOrUnknownCommandIsInvalidInput() {
    assertThat(run(Map.of(), "tenant", "validate", "--file", "/nonexistent/acme.json")).isEqualTo(2);
    assertThat(err()).contains("no such file: /nonexistent/acme.json");

    assertThat(run(Map.of(), "tenant", "frobnicate")).isEqualTo(2);
    assertThat(err()).contains("Unmatched argument at index 1: 'frobnicate'").contains("Usage: bqsync tenant");

    assertThat(run(Map.of(), "tenant", "validate")).isEqualTo(2);
    assertThat(err()).contains("Missing required option: '--file=F'");
  }

  @Test
  void applyThenShowPrintsTheStoredTenant(FirestoreEmulator emulator) {
    assertThat(run(emulatorEnv(emulator), "tenant", "apply", "--file", example)).isZero();
    assertThat(out()).contains("Applied: tenant acme");

    assertThat(run(emulatorEnv(emulator), "tenant", "show", "--tenant", "acme")).isZero();
    assertThat(out())
        .contains("Tenant acme (enabled), time zone Europe/Berlin")
        .contains("Connection: NOT_CONNECTED")
        .contains("companies        Company      BOTH     acme-analytics.crm.companies")
        .contains("api-calls        CUSTOM_METRIC  COMPANY   acme-analytics.usage.api_calls_daily  key row_id, batch 10000, DAILY at 06:30")
        .contains("Recent runs:\n  (none yet)")
        .contains("\"allowedProjects\" : [ \"acme-analytics\" ]").doesNotContain("secretId");
  }

  @Test
  void anInvalidFileIsNeverApplied(FirestoreEmulator emulator, @TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, Files.readString(Path.of(example)).replace("\"model\": \"Company\"", "\"model\": \"Firm\""));

    assertThat(run(emulatorEnv(emulator), "tenant", "apply", "--file", broken.toString())).isEqualTo(2);
    assertThat(run(emulatorEnv(emulator), "tenant", "show", "--tenant", "acme")).isEqualTo(2);
    assertThat(err()).contains("no tenant 'acme': apply its configuration first");
  }

  @Test
  void withoutAFirestoreToTalkToItSaysWhatToSet() {
    assertThat(run(Map.of(), "tenant", "show", "--tenant", "acme")).isEqualTo(2);
    assertThat(err()).contains("set FIRESTORE_EMULATOR_HOST=host:port");
  }

  @Test
  void anyOtherFailureExitsWithOne() {
    int code = new BqsyncCli(Map.of(FirestoreClientFactory.PROJECT, "crm-prod-1"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        e -> {
          throw new IllegalStateException("Application Default Credentials are not available");
        }).run("tenant", "show", "--tenant", "acme");

    assertThat(code).isEqualTo(1);
    assertThat(err()).contains("failed: IllegalStateException: Application Default Credentials are not available");
  }
}
