package dev.bqsync.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The command groups: they only hold subcommands, and say which when none is given. */
final class CommandGroups {
  private CommandGroups() {}

  abstract static class Group implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "which " + spec.name() + " command? use one of "
          + String.join(", ", spec.subcommands().keySet()));
    }
  }

  @Command(name = "bqsync", mixinStandardHelpOptions = true, version = "bqsync 0.1.0",
      description = "The operator CLI of bqsync. Firestore: FIRESTORE_EMULATOR_HOST=host:port for the local emulator, "
          + "or GOOGLE_CLOUD_PROJECT (with Application Default Credentials). Exit codes: 0 done, 2 invalid input, "
          + "1 other failure.",
      subcommands = {Tenant.class, Cursor.class, Sync.class, Crm.class, Lease.class, CatalogCommand.class,
          SuggestCommand.class})
  static final class Root extends Group {}

  @Command(name = "tenant", mixinStandardHelpOptions = true, description = "Tenant configurations and connections.",
      subcommands = {TenantValidateCommand.class, TenantApplyCommand.class, TenantShowCommand.class,
          TenantSetOAuthClientCommand.class, TenantConnectCommand.class, TenantStatusCommand.class})
  static final class Tenant extends Group {}

  @Command(name = "cursor", mixinStandardHelpOptions = true, description = "Usage pull cursors.",
      subcommands = CursorResetCommand.class)
  static final class Cursor extends Group {}

  @Command(name = "sync", mixinStandardHelpOptions = true, description = "Run a job's plan from the CLI.",
      subcommands = SyncCrmCommand.class)
  static final class Sync extends Group {}

  @Command(name = "crm", mixinStandardHelpOptions = true, description = "CRM records (local runs and tests).",
      subcommands = CrmImportCommand.class)
  static final class Crm extends Group {}

  @Command(name = "lease", mixinStandardHelpOptions = true, description = "Job leases.",
      subcommands = LeaseReleaseCommand.class)
  static final class Lease extends Group {}
}
