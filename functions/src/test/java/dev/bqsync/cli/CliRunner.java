package dev.bqsync.cli;

import dev.bqsync.gcp.FirestoreClientFactory;
import dev.bqsync.testing.FirestoreEmulator;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the CLI in this JVM against the emulators, for tests outside its package. */
public final class CliRunner {
  private CliRunner() {}

  public static int run(Map<String, String> env, OutputStream out, String... args) {
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    return new BqsyncCli(env, print, print,
        e -> dev.bqsync.function.Components.builder(e).firestore(FirestoreClientFactory.forEmulator(
            e.get(FirestoreClientFactory.EMULATOR_HOST), FirestoreEmulator.PROJECT)).stdout(new PrintStream(java.io.OutputStream.nullOutputStream())).build())
        .run(args);
  }
}
