package dev.bqsync.testing;

import com.google.cloud.firestore.Firestore;
import dev.bqsync.gcp.FirestoreClientFactory;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Google's Firestore emulator for tests: reused when {@code FIRESTORE_EMULATOR_HOST} is set,
 * otherwise started once per test JVM on a free loopback port and stopped when the JVM ends.
 * Found through {@code gcloud info}, or {@code FIRESTORE_EMULATOR_JAR}.
 */
public final class FirestoreEmulator {
  public static final String PROJECT = "bqsync-test";
  private static FirestoreEmulator shared;

  private final String hostPort;
  private final Process process;
  private final Firestore firestore;

  private FirestoreEmulator(String hostPort, Process process) {
    this.hostPort = hostPort;
    this.process = process;
    this.firestore = FirestoreClientFactory.forEmulator(hostPort, PROJECT);
  }

  public static synchronized FirestoreEmulator shared() {
    if (shared == null) {
      shared = startOrReuse();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "firestore-emulator-stop"));
    }
    return shared;
  }

  public String hostPort() {
    return hostPort;
  }

  public Firestore firestore() {
    return firestore;
  }

  /** Deletes every document of the test project. */
  public void reset() {
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create("http://" + hostPort + "/emulator/v1/projects/" + PROJECT
          + "/databases/(default)/documents").toURL().openConnection();
      http.setRequestMethod("DELETE");
      int status = http.getResponseCode();
      if (status != 200) {
        throw new IllegalStateException("Firestore emulator reset answered HTTP " + status);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Firestore emulator reset failed", e);
    }
  }

  private void stop() {
    try {
      firestore.close();
    } catch (Exception ignored) {
      // the JVM is ending
    }
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static FirestoreEmulator startOrReuse() {
    String existing = System.getenv(FirestoreClientFactory.EMULATOR_HOST);
    if (existing != null && !existing.isBlank()) {
      return new FirestoreEmulator(existing, null);
    }
    Path jar = emulatorJar();
    IllegalStateException last = null;
    // A free port can be taken by someone else before the emulator binds it: try another.
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = freePort();
      try {
        Path log = Files.createTempFile("firestore-emulator", ".log");
        Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Duser.language=en",
            // Benchmarks that hold a million records give it more (-Dbqsync.firestoreEmulatorHeap=6g).
            "-Xmx" + System.getProperty("bqsync.firestoreEmulatorHeap", "512m"),
            "-cp", jar.toString(), "com.google.cloud.datastore.emulator.firestore.CloudFirestore", "start",
            "--host=127.0.0.1", "--port=" + port))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String hostPort = "127.0.0.1:" + port;
        try {
          waitUntilUp(hostPort, process, log, Duration.ofSeconds(60));
          return new FirestoreEmulator(hostPort, process);
        } catch (IllegalStateException e) {
          process.destroyForcibly();
          last = e;
          if (!e.getMessage().contains("BindException")) {
            throw e;
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("could not start the Firestore emulator from " + jar, e);
      }
    }
    throw last;
  }

  private static void waitUntilUp(String hostPort, Process process, Path log, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Firestore emulator exited at start:\n" + Files.readString(log));
      }
      try {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://" + hostPort + "/").toURL().openConnection();
        http.setConnectTimeout(200);
        if (http.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      sleep(100);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the Firestore emulator did not answer within " + timeout.toSeconds() + " s:\n"
        + Files.readString(log));
  }

  /** The emulator's jar: FIRESTORE_EMULATOR_JAR, or under the SDK root that gcloud reports. */
  static Path emulatorJar() {
    String explicit = System.getenv("FIRESTORE_EMULATOR_JAR");
    if (explicit != null && !explicit.isBlank()) {
      return requireFile(Path.of(explicit), "FIRESTORE_EMULATOR_JAR");
    }
    String sdkRoot = gcloudSdkRoot();
    Path jar = Path.of(sdkRoot, "platform", "cloud-firestore-emulator", "cloud-firestore-emulator.jar");
    return requireFile(jar, "gcloud's SDK root " + sdkRoot);
  }

  private static String gcloudSdkRoot() {
    try {
      Process gcloud = new ProcessBuilder("gcloud", "info", "--format=value(installation.sdk_root)")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(gcloud.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (gcloud.waitFor(60, TimeUnit.SECONDS) && gcloud.exitValue() == 0 && !out.isEmpty()) {
        return out;
      }
    } catch (IOException e) {
      // no gcloud on the PATH: fall through to the message below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new IllegalStateException("The Firestore emulator is needed for these tests but gcloud was not found. "
        + "Install the Google Cloud CLI with its 'cloud-firestore-emulator' component "
        + "(gcloud components install cloud-firestore-emulator, or the Debian package "
        + "google-cloud-cli-firestore-emulator), or set FIRESTORE_EMULATOR_JAR to cloud-firestore-emulator.jar.");
  }

  private static Path requireFile(Path jar, String from) {
    if (!new File(jar.toString()).isFile()) {
      throw new IllegalStateException("The Firestore emulator is missing: no " + jar + " (from " + from + "). "
          + "Install gcloud's 'cloud-firestore-emulator' component (gcloud components install cloud-firestore-emulator, "
          + "or the Debian package google-cloud-cli-firestore-emulator), or set FIRESTORE_EMULATOR_JAR.");
    }
    return jar;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
