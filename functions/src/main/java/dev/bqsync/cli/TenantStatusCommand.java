package dev.bqsync.cli;

import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.core.config.TenantIdentities;
import dev.bqsync.port.SecretStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Connection health: state, account, scopes, stored secrets. Exit 0 only when connected.")
final class TenantStatusCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  TenantStatusCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    TenantConfig config = tenant(tenantId);
    ConnectionStatus status = ctx.components().connections().find(tenantId).orElse(ConnectionStatus.notConnected(null));
    ctx.out.printf("Tenant %s: %s%n", tenantId, status.state());
    ctx.out.printf("  auth:    %s%n", config.connection().auth().kind());
    if (status.account() != null) {
      ctx.out.printf("  account: %s%n", status.account());
    }
    if (!status.scopes().isEmpty()) {
      ctx.out.printf("  scopes:  %s%n", String.join(" ", status.scopes()));
    }
    if (status.updatedAt() != null) {
      ctx.out.printf("  since:   %s%n", status.updatedAt());
    }
    if (status.message() != null) {
      ctx.out.printf("  note:    %s%n", status.message());
    }
    if (status.connectedBy() != null) {
      ctx.out.printf("  by:      %s (connection generation %d)%n", status.connectedBy(), status.generation());
    }
    if (config.connection().auth() instanceof Auth.OAuthClient) {
      try {
        SecretStore secrets = OAuthClients.secrets(ctx);
        String clientSecret = TenantIdentities.clientSecretId(tenantId);
        String refreshToken = TenantIdentities.refreshTokenSecretId(tenantId);
        ctx.out.printf("  secret %s: %s%n", clientSecret, secrets.latest(clientSecret).isPresent() ? "stored"
            : "MISSING (bqsync tenant set-oauth-client)");
        ctx.out.printf("  secret %s: %s%n", refreshToken, secrets.latest(refreshToken).isPresent() ? "stored"
            : "missing (bqsync tenant connect)");
      } catch (InvalidInputException e) {
        ctx.out.println("  secrets: not checked (" + e.getMessage() + ")");
      }
    } else {
      ctx.out.printf("  service account: %s@<bqsync's project>.iam.gserviceaccount.com%n",
          TenantIdentities.serviceAccountId(tenantId));
    }
    return status.state() == ConnectionState.CONNECTED ? OK : FAILED;
  }
}
