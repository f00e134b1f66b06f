package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.TenantConfigStore;
import dev.bqsync.testing.ExampleConfigs;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenant configuration and connection status share the tenant document; neither may clobber the other. */
abstract class TenantStateStoreContract {
  protected abstract TenantConfigStore configs();

  protected abstract ConnectionStatusStore connections();

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
        List.of("https://www.googleapis.com/auth/bigquery"), Instant.parse("2026-11-23T10:00:00Z"), null);
    configs().save(example);
    connections().record(example.tenantId(), connected);
    configs().save(example);

    assertThat(connections().find(example.tenantId())).contains(connected);
    assertThat(configs().find(example.tenantId())).contains(example);
  }

  @Test
  void aTenantWithoutStatusHasNone() {
    configs().save(example);

    assertThat(connections().find(example.tenantId())).isEmpty();
  }
}
