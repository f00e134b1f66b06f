package dev.bqsync.cli;

import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.oauth.TenantSecrets;
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
    if (config.connection().auth() instanceof Auth.OAuthClient client) {
      try {
        TenantSecrets stored = OAuthClients.secrets(ctx).latest(client.secretId()).map(TenantSecrets::parse)
            .orElse(new TenantSecrets(null, null));
        ctx.out.printf("  secret %s: client secret %s, refresh token %s%n", client.secretId(),
            stored.clientSecret() == null ? "MISSING (bqsync tenant set-oauth-client)" : "stored",
            stored.refreshToken() == null ? "missing (bqsync tenant connect)" : "stored");
      } catch (InvalidInputException e) {
        ctx.out.println("  secrets: not checked (" + e.getMessage() + ")");
      }
    }
    return status.state() == ConnectionState.CONNECTED ? OK : FAILED;
  }
}
