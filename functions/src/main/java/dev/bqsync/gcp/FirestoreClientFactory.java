package dev.bqsync.gcp;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import java.util.Map;

/**
 * Builds the Firestore client from the environment: {@code FIRESTORE_EMULATOR_HOST} points it at
 * the emulator (with the emulator's credentials: NoCredentials would make the client dial
 * production), otherwise Application Default Credentials in {@code GOOGLE_CLOUD_PROJECT}.
 */
public final class FirestoreClientFactory {
  public static final String EMULATOR_HOST = "FIRESTORE_EMULATOR_HOST";
  public static final String PROJECT = "GOOGLE_CLOUD_PROJECT";
  public static final String DATABASE = "FIRESTORE_DATABASE";
  /** The project the emulator is addressed with when none is set. */
  public static final String LOCAL_PROJECT = "bqsync-local";

  private FirestoreClientFactory() {}

  public static Firestore fromEnvironment(Map<String, String> env) {
    FirestoreOptions.Builder options = FirestoreOptions.newBuilder();
    String emulator = env.get(EMULATOR_HOST);
    String project = env.get(PROJECT);
    if (emulator != null && !emulator.isBlank()) {
      options.setEmulatorHost(emulator)
          .setCredentials(new FirestoreOptions.EmulatorCredentials())
          .setProjectId(project == null || project.isBlank() ? LOCAL_PROJECT : project);
    } else if (project != null && !project.isBlank()) {
      options.setProjectId(project);
    }
    String database = env.get(DATABASE);
    if (database != null && !database.isBlank()) {
      options.setDatabaseId(database);
    }
    return options.build().getService();
  }

  public static Firestore forEmulator(String hostPort, String project) {
    return FirestoreOptions.newBuilder()
        .setEmulatorHost(hostPort)
        .setCredentials(new FirestoreOptions.EmulatorCredentials())
        .setProjectId(project)
        .build()
        .getService();
  }
}
