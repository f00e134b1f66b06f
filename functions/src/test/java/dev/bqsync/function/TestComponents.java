package dev.bqsync.function;

import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.UsageTestbed;
import java.util.Map;

/** Lets tests rebuild the function instance's components after changing settings. */
public final class TestComponents {
  private TestComponents() {}

  public static void reset() {
    Components.resetShared();
  }

  /** A sync function served by the invoker against the shared Firestore and BigQuery emulators. */
  static FunctionServer serveOnEmulators(Class<?> function) throws Exception {
    reset();
    return FunctionServer.start(function, Map.of(
        Settings.FIRESTORE_EMULATOR_HOST, FirestoreEmulator.shared().hostPort(),
        Settings.GOOGLE_CLOUD_PROJECT, FirestoreEmulator.PROJECT,
        Settings.BIGQUERY_EMULATOR_HOST, UsageTestbed.bigquery().endpoint()));
  }

  /** Serves {@code function} with {@code components} as the instance's components, until the next reset. */
  static void use(Components components) {
    Components.useShared(components);
  }

  /** Stops what {@link #serveOnEmulators} started and forgets the components it built. */
  static void stop(FunctionServer server) throws Exception {
    server.close();
    reset();
  }
}
