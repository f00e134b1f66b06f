package dev.bqsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class (src/test/resources/META-INF/services, autodetection on in
 * junit-platform.properties): everything the suite prints on stdout and stderr (the functions' log
 * lines, the CLI, stack traces) is captured, and after each class it is searched for every value in
 * {@link SecretValues}. A class whose run printed a secret fails, with where it was seen.
 */
public final class SecretsNeverLogged implements BeforeAllCallback, AfterAllCallback {
  private static final ByteArrayOutputStream CAPTURED = new ByteArrayOutputStream();
  private static boolean installed;

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    List<String> leaks = leaksSinceLastCheck();
    if (!leaks.isEmpty()) {
      throw new AssertionError(context.getDisplayName() + " printed " + leaks.size() + " secret value(s) to stdout or "
          + "stderr:\n" + String.join("\n", leaks));
    }
  }

  /** The secrets printed since the last check; what was checked is forgotten (it was the last class's). */
  static List<String> leaksSinceLastCheck() {
    String text;
    synchronized (CAPTURED) {
      System.out.flush();
      System.err.flush();
      text = CAPTURED.toString(StandardCharsets.UTF_8);
      CAPTURED.reset();
    }
    return LogScan.leaks(text, SecretValues.all());
  }

  /** Once per JVM: stdout and stderr go to the console as before, and to the capture. */
  private static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    System.setOut(new PrintStream(new TeeOutputStream(System.out, new Locked()), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new TeeOutputStream(System.err, new Locked()), true, StandardCharsets.UTF_8));
  }

  /** The capture, written under the lock the check reads it under. */
  private static final class Locked extends java.io.OutputStream {
    @Override
    public void write(int c) {
      synchronized (CAPTURED) {
        CAPTURED.write(c);
      }
    }

    @Override
    public void write(byte[] bytes, int off, int len) {
      synchronized (CAPTURED) {
        CAPTURED.write(bytes, off, len);
      }
    }
  }
}
