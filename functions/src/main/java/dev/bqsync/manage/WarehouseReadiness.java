package dev.bqsync.manage;

import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.port.ConnectionStatusStore;
import java.util.Optional;

/**
 * Whether the tenant can reach its BigQuery now: an OAUTH tenant only once connected; a tenant on
 * service-account impersonation always can try (its access is granted in the tenant's IAM).
 */
public final class WarehouseReadiness {
  private final ConnectionStatusStore connections;

  public WarehouseReadiness(ConnectionStatusStore connections) {
    this.connections = connections;
  }

  /** Why the tenant cannot reach BigQuery now, or empty when it can. */
  public Optional<String> whyNot(TenantConfig config) {
    if (!(config.connection().auth() instanceof Auth.OAuthClient)) {
      return Optional.empty();
    }
    ConnectionState state = connections.find(config.tenantId()).map(ConnectionStatus::state)
        .orElse(ConnectionState.NOT_CONNECTED);
    return state == ConnectionState.CONNECTED ? Optional.empty()
        : Optional.of("the tenant's connection is " + state + ": connect it first (POST /v1/tenants/"
            + config.tenantId() + "/connection/link)");
  }

  /** The connection generation, so what is cached for one connection is never shown for the next. */
  long generation(String tenantId) {
    return connections.find(tenantId).map(ConnectionStatus::generation).orElse(0L);
  }
}
