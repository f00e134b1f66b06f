package dev.bqsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.gcp.FirestoreClientFactory;
import dev.bqsync.testing.ExampleConfigs;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.UsesFirestoreEmulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids with path characters in every CLI flag that names one: exit code 2 with the rule to follow on
 * stderr, never a stack trace. Tenant ids are checked before any lookup: those commands run against
 * an address where no Firestore listens, so a lookup would have failed with exit code 1 instead.
 */
@ExtendWith(UsesFirestoreEmulator.class)
class CliIdsTest {
  private static final List<String> PATH_IDS = List.of("acme/leases/usage", "..", "__x__", "a/b", "../acme", "ACME");
  private static final Map<String, String> NO_FIRESTORE = Map.of(FirestoreClientFactory.EMULATOR_HOST, "127.0.0.1:9");
  private final String example = ExampleConfigs.exampleTenantFile().toString();

  private record Run(int code, String output) {}

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = CliRunner.run(env, out, args);
    return new Run(code, out.toString(StandardCharsets.UTF_8));
  }

  private static void assertRefused(Run run, String what, String rule) {
    assertThat(run.code()).as(run.output()).isEqualTo(2);
    assertThat(run.output()).contains(what).contains(rule).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aTenantFlagWithPathCharactersIsInvalidInputInEveryCommand(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("f.json"), "[]");
    for (String bad : PATH_IDS) {
      List<String[]> commands = new ArrayList<>(List.of(
          new String[] {"tenant", "show", "--tenant", bad},
          new String[] {"tenant", "status", "--tenant", bad},
          new String[] {"tenant", "connect", "--tenant", bad, "--admin", "ada@crm.example", "--function-url", "https://oauth.example"},
          new String[] {"tenant", "set-oauth-client", "--tenant", bad, "--client-id", "x.apps.googleusercontent.com",
              "--client-secret-file", Files.writeString(dir.resolve("secret"), "s3cret-value").toString()},
          new String[] {"cursor", "reset", "--tenant", bad, "--section", "logins", "--replay"},
          new String[] {"sync", "crm", "--tenant", bad, "--dry-run"},
          new String[] {"crm", "import", "--tenant", bad, "--model", "EndUser", "--file", file.toString()},
          new String[] {"lease", "release", "--tenant", bad, "--job", "usage"},
          new String[] {"logs", "--tenant", bad}));
      for (String[] command : commands) {
        assertRefused(run(NO_FIRESTORE, command), "is not a valid tenant id", "use 1-40 lowercase letters, digits or hyphens");
      }
    }
  }

  @Test
  void sectionJobRunAndRecordIdsWithPathCharactersAreInvalidInput(FirestoreEmulator emulator, @TempDir Path dir)
      throws Exception {
    Map<String, String> env = Map.of(FirestoreClientFactory.EMULATOR_HOST, emulator.hostPort());
    assertThat(run(env, "tenant", "apply", "--file", example).code()).isZero();
    for (String bad : List.of("logins/../x", "..", "__x__", "a/b", "-logins")) {
      assertRefused(run(env, "cursor", "reset", "--tenant", "acme", "--section", bad, "--replay"), "is not a valid section id",
          "use 1-63 letters, digits, underscores or hyphens");
      assertRefused(run(env, "sync", "crm", "--tenant", "acme", "--section", bad, "--dry-run"), "is not a valid section id",
          "use 1-63 letters");
      assertRefused(run(NO_FIRESTORE, "logs", "--tenant", "acme", "--section", bad), "is not a valid section id",
          "use 1-63 letters");
      assertRefused(run(env, "lease", "release", "--tenant", "acme", "--job", bad), "is not a job", "use usage or crm");
      assertRefused(run(NO_FIRESTORE, "logs", "--tenant", "acme", "--run", bad), "is not a run id",
          "such as 20261123-101530-3f9a1c2e");
      assertRefused(run(NO_FIRESTORE, "logs", "--tenant", "acme", "--job", bad), "is not a job", "usage");
    }
    for (String bad : List.of("a/b", "..", "__x__")) {
      Path records = Files.writeString(dir.resolve("records.json"), "[{\"id\": \"" + bad + "\", \"email\": \"x@acme.example\"}]");
      assertRefused(run(env, "crm", "import", "--tenant", "acme", "--model", "EndUser", "--file", records.toString()),
          "'" + bad + "' cannot be a Firestore document id", "no '/', not '.' or '..', not __name__");
    }
    assertThat(emulator.firestore().collection("tenants").document("acme").collection("models").document("EndUser")
        .collection("records").get().get().isEmpty()).isTrue();
  }
}
