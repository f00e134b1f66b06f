package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.firestore.Firestore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The last line of the tenant boundary: no id that breaks its rule becomes part of a document path. */
class FirestorePathsTest {
  // Building a reference needs no server: nothing listens on this port, and nothing is sent.
  private static final Firestore DB = FirestoreClientFactory.forEmulator("127.0.0.1:9", "paths-test");
  private static final List<String> PATH_CHARACTERS = List.of("acme/leases/usage", "..", ".", "__x__", "a/b", "",
      "acme\n", "ACME", "-acme", "acme/", "/acme");

  @AfterAll
  static void close() throws Exception {
    DB.close();
  }

  @Test
  void validIdsMakeTheDocumentedPaths() {
    assertThat(FirestorePaths.tenant(DB, "acme").getPath()).isEqualTo("tenants/acme");
    assertThat(FirestorePaths.cursor(DB, "acme", "logins").getPath()).isEqualTo("tenants/acme/cursors/logins");
    assertThat(FirestorePaths.lease(DB, "acme", "usage").getPath()).isEqualTo("tenants/acme/leases/usage");
    assertThat(FirestorePaths.run(DB, "acme", "20261123-101530-3f9a1c2e-logins").getPath())
        .isEqualTo("tenants/acme/runs/20261123-101530-3f9a1c2e-logins");
    assertThat(FirestorePaths.document(DB.collection("oauthStates"), "Ab-_09xyzAb-_09xyz").getPath())
        .isEqualTo("oauthStates/Ab-_09xyzAb-_09xyz");
    assertThat(FirestorePaths.document(DB.collection("records"), "ada@acme.example.com").getId())
        .isEqualTo("ada@acme.example.com");
  }

  @Test
  void aTenantIdWithPathCharactersIsRefusedNamingTheRule() {
    for (String bad : PATH_CHARACTERS) {
      assertThatThrownBy(() -> FirestorePaths.tenant(DB, bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("breaks the tenant id rule")
          .hasMessageContaining("1-40 lowercase letters, digits or hyphens");
    }
    assertThatThrownBy(() -> FirestorePaths.tenant(DB, null)).isInstanceOf(IllegalArgumentException.class);
    // The tenant is checked on every path below it, too.
    assertThatThrownBy(() -> FirestorePaths.cursor(DB, "acme/leases", "logins"))
        .hasMessageContaining("tenant id rule");
  }

  @Test
  void sectionJobAndRunIdsWithPathCharactersAreRefusedNamingTheirRule() {
    for (String bad : List.of("acme/leases/usage", "..", "__x__", "a/b", "", "-x")) {
      assertThatThrownBy(() -> FirestorePaths.cursor(DB, "acme", bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("section id rule");
      assertThatThrownBy(() -> FirestorePaths.lease(DB, "acme", bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job rule").hasMessageContaining("usage");
      assertThatThrownBy(() -> FirestorePaths.run(DB, "acme", bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run record id rule");
    }
    assertThatThrownBy(() -> FirestorePaths.lease(DB, "acme", "oauth")).hasMessageContaining("job rule");
  }

  @Test
  void anyOtherDocumentIdThatFirestoreWouldReadAsAPathIsRefused() {
    for (String bad : List.of("a/b", "..", ".", "__x__", "__name__", "", "x\ny", "x".repeat(1501))) {
      assertThatThrownBy(() -> FirestorePaths.document(DB.collection("records"), bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("document id rule");
    }
    assertThat(FirestorePaths.document(DB.collection("records"), "__x").getId()).isEqualTo("__x");
    assertThat(FirestorePaths.document(DB.collection("records"), "a..b").getId()).isEqualTo("a..b");
  }
}
