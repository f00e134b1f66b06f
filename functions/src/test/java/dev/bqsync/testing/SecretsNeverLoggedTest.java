package dev.bqsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite-wide guard is installed, sees what is printed, and finds secrets without repeating them. */
class SecretsNeverLoggedTest {
  @Test
  void aSecretPrintedByATestIsFoundAndTheCheckThenStartsAfresh() {
    String probe = SecretValues.used("probe-secret-" + System.nanoTime());
    assertThat(SecretsNeverLogged.leaksSinceLastCheck()).isEmpty();

    System.out.println("{\"message\": \"oops " + probe + "\"}");
    System.err.println("and on stderr: " + URLEncoder.encode(probe, StandardCharsets.UTF_8));

    List<String> leaks = SecretsNeverLogged.leaksSinceLastCheck();
    assertThat(leaks).hasSize(1);
    assertThat(leaks.get(0)).contains("oops <SECRET>").doesNotContain(probe);
    assertThat(SecretsNeverLogged.leaksSinceLastCheck()).isEmpty();
  }

  @Test
  void urlEncodedFormsAreFoundToo() {
    String secret = "a/b+c=d-secret";

    assertThat(LogScan.leaks("code=" + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&x", List.of(secret)))
        .singleElement().asString().contains("code=<SECRET>&x");
    assertThat(LogScan.leaks("nothing here", List.of(secret))).isEmpty();
  }
}
