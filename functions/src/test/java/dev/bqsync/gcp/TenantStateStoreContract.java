package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.TenantConfigStore;
import dev.bqsync.port.TenantDirectory;
import dev.bqsync.core.config.StoredConfig;
import java.util.Optional;
import dev.bqsync.testing.ExampleConfigs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenant configuration and connection status share the tenant document; neither may clobber the other. */
abstract class TenantStateStoreContract {
  protected abstract TenantConfigStore configs();

  protected abstract ConnectionStatusStore connections();

  protected TenantDirectory directory() {
    return (TenantDirectory) configs();
  }

  private final TenantConfig example = new TenantConfigParser().parse(ExampleConfigs.exampleTenantJson());

  @Test
  void theExampleConfigIsStoredAndReadBackEqual() {
    configs().save(example);

    assertThat(configs().find(example.tenantId())).contains(example);
    assertThat(configs().find("nobody")).isEmpty();
  }

  @Test
  void connectionStatusSurvivesAConfigUpdateAndViceVersa() {
    ConnectionStatus connected = new ConnectionStatus(ConnectionState.CONNECTED, "data@acme.example",
        List.of("https://www.googleapis.com/auth/bigquery"), Instant.parse("2026-11-23T10:00:00Z"), null,
        "admin@crm.example", 1);
    configs().save(example);
    assertThat(connections().advance(example.tenantId(), 0, connected)).isTrue();
    configs().save(example);

    assertThat(connections().find(example.tenantId())).contains(connected);
    assertThat(configs().find(example.tenantId())).contains(example);
  }

  @Test
  void aWriteBasedOnAStaleGenerationNeverReplacesANewerConnection() {
    ConnectionStatus first = ConnectionStatus.notConnected(Instant.parse("2026-11-23T10:00:00Z"))
        .next(ConnectionState.CONNECTED, Instant.parse("2026-11-23T10:00:00Z"), null);
    ConnectionStatus reconnected = first.next(ConnectionState.CONNECTED, Instant.parse("2026-11-23T11:00:00Z"), null);
    assertThat(connections().advance("stale-test", 0, first)).isTrue();
    assertThat(connections().advance("stale-test", 1, reconnected)).isTrue();

    // An instance that still holds generation 1 saw its old token refused and marks the tenant.
    boolean stale = connections().advance("stale-test", 1,
        first.next(ConnectionState.REAUTHORIZATION_REQUIRED, Instant.parse("2026-11-23T11:05:00Z"), "revoked"));

    assertThat(stale).isFalse();
    assertThat(connections().find("stale-test")).contains(reconnected);
  }

  @Test
  void aTenantWithoutStatusHasNone() {
    configs().save(example);

    assertThat(connections().find(example.tenantId())).isEmpty();
  }

  @Test
  void everySaveMovesTheRevisionOnAndAReplaceNamingAnOldRevisionIsRefused() {
    TenantConfig config = exampleFor("rev-test");
    assertThat(configs().replace(config, 1)).isEmpty(); // nothing stored yet: only revision 0 may create
    assertThat(configs().replace(config, 0)).contains(1L);
    configs().save(config);
    assertThat(configs().findStored("rev-test")).map(StoredConfig::revision).contains(2L);

    TenantConfig disabled = new TenantConfig("rev-test", false, config.timeZone(), config.connection(),
        config.crmSections(), config.usageSections());
    assertThat(configs().replace(disabled, 1)).isEmpty();
    assertThat(configs().find("rev-test")).contains(config);
    assertThat(configs().replace(disabled, 2)).contains(3L);
    assertThat(configs().findStored("rev-test")).contains(new StoredConfig(disabled, 3));
  }

  @Test
  void theDirectoryListsTenantsWithAConfigurationInIdOrderAndPages() {
    for (String id : List.of("dir-c", "dir-a", "dir-b")) {
      configs().save(exampleFor(id));
    }
    // A tenant document with only a connection status (connected before it was configured) is not listed.
    connections().advance("dir-aa", 0, ConnectionStatus.notConnected(Instant.parse("2026-11-23T10:00:00Z")));

    assertThat(directory().tenantIds("dir", 2)).containsExactly("dir-a", "dir-b");
    assertThat(directory().tenantIds("dir-b", 1)).containsExactly("dir-c");
  }

  private static TenantConfig exampleFor(String tenantId) {
    return new TenantConfigParser().parse(ExampleConfigs.exampleTenantJson().replace("\"acme\"", "\"" + tenantId + "\""));
  }
}
