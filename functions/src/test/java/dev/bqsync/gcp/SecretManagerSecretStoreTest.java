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
  void eachWriteIsANewVersionAndOlderOnesAreDisabled() {
    store.put("bqsync-tenant-acme", "v1");
    store.put("bqsync-tenant-acme", "v2");
    store.put("bqsync-tenant-acme", "v3");

    assertThat(store.latest("bqsync-tenant-acme")).contains("v3");
    assertThat(fake.states("projects/crm-prod-1/secrets/bqsync-tenant-acme")).containsExactly(
        SecretVersion.State.DISABLED, SecretVersion.State.DISABLED, SecretVersion.State.ENABLED);
  }
}
