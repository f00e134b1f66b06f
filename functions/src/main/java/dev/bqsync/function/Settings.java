package dev.bqsync.function;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The functions' settings, from environment variables (set by Terraform). A JVM system property of
 * the same name wins, so tests and the local demo can configure an in-process function.
 */
public final class Settings {
  public static final String GOOGLE_CLOUD_PROJECT = "GOOGLE_CLOUD_PROJECT";
  public static final String FIRESTORE_EMULATOR_HOST = "FIRESTORE_EMULATOR_HOST";
  public static final String BIGQUERY_EMULATOR_HOST = "BIGQUERY_EMULATOR_HOST";
  public static final String USAGE_TIME_BUDGET_SECONDS = "USAGE_TIME_BUDGET_SECONDS";
  public static final String RUN_RETENTION_DAYS = "RUN_RETENTION_DAYS";
  public static final String CRM_LEASE_SECONDS = "CRM_LEASE_SECONDS";
  public static final String OAUTH_REDIRECT_URI = "OAUTH_REDIRECT_URI";
  public static final String OAUTH_AUTH_URI = "OAUTH_AUTH_URI";
  public static final String OAUTH_TOKEN_URI = "OAUTH_TOKEN_URI";
  public static final String OAUTH_TOKENINFO_URI = "OAUTH_TOKENINFO_URI";
  public static final String SECRET_MANAGER_EMULATOR_HOST = "SECRET_MANAGER_EMULATOR_HOST";
  public static final String FIRESTORE_RAMP_UP = "FIRESTORE_RAMP_UP";

  /** What each function needs set in production; Terraform sets them (checked by TerraformConsistencyTest). */
  public static final Map<Class<?>, java.util.Set<String>> REQUIRED_IN_PRODUCTION = Map.of(
      UsagePullFunction.class, java.util.Set.of(GOOGLE_CLOUD_PROJECT, USAGE_TIME_BUDGET_SECONDS, RUN_RETENTION_DAYS,
          FIRESTORE_RAMP_UP),
      CrmSyncFunction.class, java.util.Set.of(GOOGLE_CLOUD_PROJECT, RUN_RETENTION_DAYS, CRM_LEASE_SECONDS),
      OAuthFunction.class, java.util.Set.of(GOOGLE_CLOUD_PROJECT, OAUTH_REDIRECT_URI));

  /** Settings for local runs and tests, or overrides of Google's defaults: never set by Terraform. */
  public static final java.util.Set<String> LOCAL_ONLY = java.util.Set.of(FIRESTORE_EMULATOR_HOST,
      BIGQUERY_EMULATOR_HOST, SECRET_MANAGER_EMULATOR_HOST, OAUTH_AUTH_URI, OAUTH_TOKEN_URI, OAUTH_TOKENINFO_URI);

  private final Map<String, String> values;

  public Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Settings fromEnvironment() {
    Map<String, String> values = new HashMap<>(System.getenv());
    System.getProperties().forEach((k, v) -> {
      String name = String.valueOf(k);
      if (name.equals(name.toUpperCase(java.util.Locale.ROOT)) && name.matches("[A-Z][A-Z0-9_]*")) {
        values.put(name, String.valueOf(v));
      }
    });
    return new Settings(values);
  }

  public Map<String, String> asMap() {
    return values;
  }

  public String get(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  public Duration seconds(String name, Duration fallback) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + "=" + value + " is not a number of seconds");
    }
  }

  public int integer(String name, int fallback) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + "=" + value + " is not a whole number");
    }
  }

  public boolean flag(String name, boolean fallback) {
    String value = get(name);
    return value == null ? fallback : Boolean.parseBoolean(value);
  }
}
