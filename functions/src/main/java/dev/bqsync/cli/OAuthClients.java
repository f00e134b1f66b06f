package dev.bqsync.cli;

import dev.bqsync.core.config.Auth;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.function.Settings;
import dev.bqsync.port.SecretStore;

/** The OAuth pieces the connection commands share. */
final class OAuthClients {
  private OAuthClients() {}

  static Auth.OAuthClient of(TenantConfig config) {
    if (!(config.connection().auth() instanceof Auth.OAuthClient client)) {
      throw new InvalidInputException("tenant '" + config.tenantId() + "' connects with "
          + config.connection().auth().kind() + ", not OAUTH: nothing to store or connect");
    }
    return client;
  }

  static SecretStore secrets(CliContext ctx) {
    if (ctx.settings.projectId() == null && ctx.settings.get(Settings.SECRET_MANAGER_EMULATOR_HOST) == null) {
      throw new InvalidInputException("no Secret Manager to talk to: set GOOGLE_CLOUD_PROJECT (with Application Default "
          + "Credentials), or SECRET_MANAGER_EMULATOR_HOST for a local fake");
    }
    return ctx.components().secretStore();
  }
}
