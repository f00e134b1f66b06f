package dev.bqsync.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret value a test run hands out or stores (the fakes register what they issue, tests the
 * client secrets they choose), so that {@link SecretsNeverLogged} can look for each in what the run
 * printed.
 */
public final class SecretValues {
  private static final Set<String> USED = ConcurrentHashMap.newKeySet();

  private SecretValues() {}

  /**
   * Registers {@code value} as a secret; returns it, so a fake can register what it issues in place.
   * Values under 8 characters are left out, as the redactor leaves them: they occur in ordinary text.
   */
  public static String used(String value) {
    if (value != null && value.length() >= 8) {
      USED.add(value);
    }
    return value;
  }

  public static List<String> all() {
    return List.copyOf(USED);
  }
}
