package dev.bqsync.function;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of the functions and the CLI, read once, each with its default, from environment
 * variables (set by Terraform). A JVM system property of the same name wins, so tests and the local
 * demo can configure an in-process function. A value that does not parse fails at startup with
 * what to change.
 */
public final class Settings {
  public static final String GOOGLE_CLOUD_PROJECT = "GOOGLE_CLOUD_PROJECT";
  public static final String FIRESTORE_EMULATOR_HOST = "FIRESTORE_EMULATOR_HOST";
  public static final String BIGQUERY_EMULATOR_HOST = "BIGQUERY_EMULATOR_HOST";
  public static final String BIGQUERY_API_ENDPOINT = "BIGQUERY_API_ENDPOINT";
  public static final String USAGE_TIME_BUDGET_SECONDS = "USAGE_TIME_BUDGET_SECONDS";
  public static final String RUN_RETENTION_DAYS = "RUN_RETENTION_DAYS";
  public static final String CRM_TIME_BUDGET_SECONDS = "CRM_TIME_BUDGET_SECONDS";
  public static final String CRM_LEASE_SECONDS = "CRM_LEASE_SECONDS";
  public static final String OAUTH_REDIRECT_URI = "OAUTH_REDIRECT_URI";
  public static final String OAUTH_AUTH_URI = "OAUTH_AUTH_URI";
  public static final String OAUTH_TOKEN_URI = "OAUTH_TOKEN_URI";
  public static final String OAUTH_TOKENINFO_URI = "OAUTH_TOKENINFO_URI";
  public static final String OAUTH_REVOKE_URI = "OAUTH_REVOKE_URI";
  public static final String SECRET_MANAGER_EMULATOR_HOST = "SECRET_MANAGER_EMULATOR_HOST";
  public static final String FIRESTORE_RAMP_UP = "FIRESTORE_RAMP_UP";
  public static final String LOGGING_EMULATOR_HOST = "LOGGING_EMULATOR_HOST";
  /** Who may call the management API for which tenants: JSON, see CallerAccess. */
  public static final String MANAGEMENT_CALLERS = "MANAGEMENT_CALLERS";
  /** Where the management API reads the keys that sign callers' ID tokens (Google's by default). */
  public static final String MANAGEMENT_TOKEN_CERTS_URI = "MANAGEMENT_TOKEN_CERTS_URI";
  /**
   * Local runs only: the caller a management request without a token stands for, so the console
   * opens in a local browser; honoured only on the Firestore emulator, never set by Terraform.
   */
  public static final String MANAGEMENT_LOCAL_CALLER = "MANAGEMENT_LOCAL_CALLER";
  /** The most bytes one suggestions query may bill. */
  public static final String SUGGESTION_MAX_BYTES = "SUGGESTION_MAX_BYTES";

  /**
   * What each function (by entry point) needs set in production; Terraform sets them (checked by
   * TerraformConsistencyTest). Names, not class literals: the CLI reads Settings from the deploy jar,
   * which has no Functions Framework API to load the function classes with.
   */
  public static final Map<String, Set<String>> REQUIRED_IN_PRODUCTION = Map.of(
      "dev.bqsync.function.UsagePullFunction", Set.of(GOOGLE_CLOUD_PROJECT, USAGE_TIME_BUDGET_SECONDS, RUN_RETENTION_DAYS,
          FIRESTORE_RAMP_UP),
      "dev.bqsync.function.CrmSyncFunction", Set.of(GOOGLE_CLOUD_PROJECT, RUN_RETENTION_DAYS, CRM_TIME_BUDGET_SECONDS, CRM_LEASE_SECONDS),
      "dev.bqsync.function.OAuthFunction", Set.of(GOOGLE_CLOUD_PROJECT, OAUTH_REDIRECT_URI),
      "dev.bqsync.function.ManagementFunction", Set.of(GOOGLE_CLOUD_PROJECT, OAUTH_REDIRECT_URI, MANAGEMENT_CALLERS,
          RUN_RETENTION_DAYS, USAGE_TIME_BUDGET_SECONDS, CRM_TIME_BUDGET_SECONDS, CRM_LEASE_SECONDS, FIRESTORE_RAMP_UP,
          SUGGESTION_MAX_BYTES));

  /** Settings for local runs and tests, or overrides of Google's defaults: never set by Terraform. */
  public static final Set<String> LOCAL_ONLY = Set.of(FIRESTORE_EMULATOR_HOST, BIGQUERY_EMULATOR_HOST,
      BIGQUERY_API_ENDPOINT, SECRET_MANAGER_EMULATOR_HOST, LOGGING_EMULATOR_HOST, OAUTH_AUTH_URI, OAUTH_TOKEN_URI, OAUTH_TOKENINFO_URI,
      OAUTH_REVOKE_URI, MANAGEMENT_TOKEN_CERTS_URI, MANAGEMENT_LOCAL_CALLER);

  /** A usage lease outlives the function's timeout (Terraform: budget + 10 minutes) by 5 minutes more. */
  static final Duration USAGE_LEASE_MARGIN = Duration.ofMinutes(15);

  private final Map<String, String> values;
  private final String projectId;
  private final Duration usageTimeBudget;
  private final Duration crmTimeBudget;
  private final Duration crmLease;
  private final Duration runRetention;
  private final boolean firestoreRampUp;
  private final long suggestionMaxBytes;

  public Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
    this.projectId = get(GOOGLE_CLOUD_PROJECT);
    this.usageTimeBudget = seconds(USAGE_TIME_BUDGET_SECONDS, Duration.ofMinutes(20));
    this.crmTimeBudget = seconds(CRM_TIME_BUDGET_SECONDS, Duration.ofMinutes(25));
    this.crmLease = seconds(CRM_LEASE_SECONDS, Duration.ofMinutes(55));
    this.runRetention = Duration.ofDays(integer(RUN_RETENTION_DAYS, 30));
    this.firestoreRampUp = flag(FIRESTORE_RAMP_UP, true);
    this.suggestionMaxBytes = integer(SUGGESTION_MAX_BYTES, 1L << 30);
    if (crmLease.compareTo(crmTimeBudget) <= 0) {
      throw new IllegalStateException(CRM_LEASE_SECONDS + " (" + crmLease.toSeconds() + ") must be longer than "
          + CRM_TIME_BUDGET_SECONDS + " (" + crmTimeBudget.toSeconds() + ")");
    }
  }

  public static Settings fromEnvironment() {
    Map<String, String> values = new HashMap<>(System.getenv());
    System.getProperties().forEach((k, v) -> {
      String name = String.valueOf(k);
      if (name.equals(name.toUpperCase(Locale.ROOT)) && name.matches("[A-Z][A-Z0-9_]*")) {
        values.put(name, String.valueOf(v));
      }
    });
    return new Settings(values);
  }

  /** The raw values, for the client factories that read their own names. */
  public Map<String, String> asMap() {
    return values;
  }

  /** A setting's text, or null when unset or blank. */
  public String get(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  public String projectId() {
    return projectId;
  }

  public boolean firestoreEmulated() {
    return get(FIRESTORE_EMULATOR_HOST) != null;
  }

  public Duration usageTimeBudget() {
    return usageTimeBudget;
  }

  public Duration usageLease() {
    return usageTimeBudget.plus(USAGE_LEASE_MARGIN);
  }

  public Duration crmTimeBudget() {
    return crmTimeBudget;
  }

  public Duration crmLease() {
    return crmLease;
  }

  public Duration runRetention() {
    return runRetention;
  }

  public boolean firestoreRampUp() {
    return firestoreRampUp;
  }

  private Duration seconds(String name, Duration fallback) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds <= 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + "=" + value + " is not a positive number of seconds");
    }
  }

  public long suggestionMaxBytes() {
    return suggestionMaxBytes;
  }

  private int integer(String name, int fallback) {
    return (int) integer(name, (long) fallback);
  }

  private long integer(String name, long fallback) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + "=" + value + " is not a whole number");
    }
  }

  private boolean flag(String name, boolean fallback) {
    String value = get(name);
    return value == null ? fallback : Boolean.parseBoolean(value);
  }
}
