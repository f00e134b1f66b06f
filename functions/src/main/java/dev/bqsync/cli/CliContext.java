package dev.bqsync.cli;

import dev.bqsync.core.config.Identifiers;
import dev.bqsync.core.log.SecretRedactor;
import dev.bqsync.function.Components;
import dev.bqsync.function.Settings;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * What every command shares: the settings (from the environment), where answers and errors go, and
 * the composition root, built on first use so commands that need no Firestore (validate) never
 * touch one.
 */
final class CliContext implements AutoCloseable {
  final Settings settings;
  final PrintStream out;
  final PrintStream err;
  private final Function<Settings, Components> factory;
  private Components components;

  CliContext(Settings settings, PrintStream out, PrintStream err, Function<Settings, Components> factory) {
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.factory = factory;
  }

  Components components() {
    if (components == null) {
      if (settings.get(Settings.FIRESTORE_EMULATOR_HOST) == null && settings.projectId() == null) {
        throw new InvalidInputException("no Firestore to talk to: set FIRESTORE_EMULATOR_HOST=host:port for the local "
            + "emulator, or GOOGLE_CLOUD_PROJECT=<project> for a real project");
      }
      components = factory.apply(settings);
    }
    return components;
  }

  /** The redactor that has learned the secrets this run loaded, or a fresh one when nothing was loaded. */
  SecretRedactor redactor() {
    return components != null ? components.redactor() : new SecretRedactor();
  }

  /** A tenant id from a flag, checked with the configuration's rule before it reaches any path. */
  static String tenantId(String value) {
    Identifiers.tenantIdProblem(value).ifPresent(problem -> {
      throw new InvalidInputException("--tenant " + problem);
    });
    return value;
  }

  static String sectionId(String value) {
    Identifiers.sectionIdProblem(value).ifPresent(problem -> {
      throw new InvalidInputException("--section " + problem);
    });
    return value;
  }

  @Override
  public void close() {
    if (components != null) {
      components.close();
    }
  }
}
