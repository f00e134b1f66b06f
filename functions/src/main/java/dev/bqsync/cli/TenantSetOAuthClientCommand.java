package dev.bqsync.cli;

import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.TenantIdentities;
import dev.bqsync.port.SecretStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "set-oauth-client", description = "Store the tenant's OAuth client secret in Secret Manager (never in the config).")
final class TenantSetOAuthClientCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  @Option(names = "--client-id", required = true, paramLabel = "X")
  String clientId;

  @Option(names = "--client-secret-file", required = true, paramLabel = "F", description = "a file holding the secret alone")
  String secretFile;

  TenantSetOAuthClientCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    String secret = ConfigFiles.read(secretFile).trim();
    if (secret.isEmpty() || secret.contains("\n")) {
      throw new InvalidInputException(secretFile + " must hold the client secret alone, on one line");
    }
    Auth.OAuthClient client = OAuthClients.of(tenant(tenantId));
    if (!client.clientId().equals(clientId)) {
      throw new InvalidInputException("tenant '" + tenantId + "' is configured with client id " + client.clientId()
          + ", not " + clientId + ": apply a configuration with this client id first, or pass the configured one");
    }
    SecretStore secrets = OAuthClients.secrets(ctx);
    String secretId = TenantIdentities.clientSecretId(tenantId);
    secrets.put(secretId, secret);
    secrets.disableOlderVersions(secretId); // the old client secret is dead once replaced
    ctx.out.printf("Stored the OAuth client secret of tenant %s in Secret Manager (secret %s).%n", tenantId, secretId);
    ctx.out.printf("Next: bqsync tenant connect --tenant %s --admin EMAIL_OR_ID%n", tenantId);
    return OK;
  }
}
