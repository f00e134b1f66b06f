package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretVersion;
import dev.bqsync.testing.FakeSecretManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Secret Manager adapter through the real SecretManagerServiceClient, against a gRPC fake on loopback. */
class SecretManagerSecretStoreTest {
  private static FakeSecretManager fake;
  private static SecretManagerServiceClient client;
  private SecretManagerSecretStore store;

  @BeforeAll
  static void start() throws Exception {
    fake = new FakeSecretManager();
    client = SecretManagerClients.create(fake.hostPort());
  }

  @AfterAll
  static void stop() {
    client.close();
    fake.close();
  }

  @BeforeEach
  void empty() {
    fake.clear();
    store = new SecretManagerSecretStore(client, "crm-prod-1");
  }

  @Test
  void aMissingSecretHasNoValueAndIsCreatedOnFirstWrite() {
    assertThat(store.latest("bqsync-tenant-acme")).isEmpty();

    store.put("bqsync-tenant-acme", "{\"clientSecret\":\"s1\"}");

    assertThat(store.latest("bqsync-tenant-acme")).contains("{\"clientSecret\":\"s1\"}");
  }

  @Test
  void eachWriteIsANewVersionAndOlderOnesAreDisabledOnlyWhenAsked() {
    store.put("bqsync-acme-refresh-token", "v1");
    store.put("bqsync-acme-refresh-token", "v2");
    store.put("bqsync-acme-refresh-token", "v3");

    assertThat(store.latest("bqsync-acme-refresh-token")).contains("v3");
    assertThat(fake.states("projects/crm-prod-1/secrets/bqsync-acme-refresh-token")).as("adding never disables")
        .containsExactly(SecretVersion.State.ENABLED, SecretVersion.State.ENABLED, SecretVersion.State.ENABLED);

    assertThat(store.disableOlderVersions("bqsync-acme-refresh-token")).containsExactly("v1", "v2");
    assertThat(store.disableOlderVersions("bqsync-acme-refresh-token")).as("idempotent").isEmpty();
    assertThat(store.disableOlderVersions("bqsync-nobody-refresh-token")).isEmpty();
    assertThat(fake.states("projects/crm-prod-1/secrets/bqsync-acme-refresh-token")).containsExactly(
        SecretVersion.State.DISABLED, SecretVersion.State.DISABLED, SecretVersion.State.ENABLED);
    assertThat(store.latest("bqsync-acme-refresh-token")).contains("v3");
  }
}
