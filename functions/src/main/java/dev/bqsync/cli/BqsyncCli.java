package dev.bqsync.cli;

import dev.bqsync.core.config.InvalidConfigException;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.function.Components;
import dev.bqsync.function.Settings;
import dev.bqsync.gcp.CloudLoggingEntrySource;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * The operator CLI ({@code infra/local/bqsync}) on picocli: one command class per command, help
 * generated from them, use cases from the composition root. Exit codes: 0 done, 2 invalid input
 * (what to change on stderr), 1 any other failure.
 */
public final class BqsyncCli {
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final Function<Settings, Components> components;

  BqsyncCli(Map<String, String> env, PrintStream out, PrintStream err, Function<Settings, Components> components) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.components = components;
  }

  public static void main(String[] args) {
    // The client libraries log connection details at INFO; an operator wants only the answer.
    Logger.getLogger("").setLevel(Level.WARNING);
    Logger.getLogger("io.grpc").setLevel(Level.WARNING);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code = new BqsyncCli(System.getenv(), out, err, BqsyncCli::components).run(args);
    System.exit(code);
  }

  /** The CLI's components: structured job log lines are for Cloud Logging, not the operator's terminal. */
  static Components components(Settings settings) {
    return Components.builder(settings).stdout(new PrintStream(OutputStream.nullOutputStream())).build();
  }

  int run(String... args) {
    try (CliContext ctx = new CliContext(new Settings(env), out, err, components)) {
      CommandLine cli = new CommandLine(new CommandGroups.Root(), new ContextFactory(ctx));
      cli.addSubcommand("logs", new LogsCommand(new CloudLoggingEntrySource(ctx.settings.projectId(),
          ctx.settings.get(Settings.LOGGING_EMULATOR_HOST), Clock.systemUTC()), out));
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      cli.setParameterExceptionHandler((e, arguments) -> {
        err.println("bqsync: " + e.getMessage());
        e.getCommandLine().usage(err);
        return CliCommand.INVALID;
      });
      cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
        if (e instanceof InvalidInputException || e instanceof InvalidConfigException) {
          err.println("bqsync: " + e.getMessage());
          return CliCommand.INVALID;
        }
        err.println("bqsync: failed: " + ctx.redactor().redact(e.getClass().getSimpleName() + ": "
            + e.getMessage()));
        return CliCommand.FAILED;
      });
      return cli.execute(args);
    } catch (RuntimeException e) {
      err.println("bqsync: failed: " + new SecretRedactor().redact(String.valueOf(e.getMessage())));
      return CliCommand.FAILED;
    }
  }

  /** Builds each command with the shared context. */
  private record ContextFactory(CliContext ctx) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (CliCommand.class.isAssignableFrom(type)) {
        var constructor = type.getDeclaredConstructor(CliContext.class);
        constructor.setAccessible(true);
        return constructor.newInstance(ctx);
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
