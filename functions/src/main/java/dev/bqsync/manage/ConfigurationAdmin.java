package dev.bqsync.manage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bqsync.core.config.ConfigProblem;
import dev.bqsync.core.config.InvalidConfigException;
import dev.bqsync.core.config.StoredConfig;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import dev.bqsync.manage.ManagementException.Kind;
import dev.bqsync.port.TenantConfigStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's configuration as the management API edits it: read with its revision, validated (the
 * parser's problems with JSON paths, then the live catalog), stored only over the revision the
 * editor read, and automation switched on or off.
 */
public final class ConfigurationAdmin {
  /** Attempts for a switch of automation without a revision, before it gives up on a busy tenant. */
  private static final int SWITCH_ATTEMPTS = 3;

  /** What validation found: the configuration (null when it does not parse), its problems, and what was not checked. */
  public record Validation(TenantConfig config, List<ConfigProblem> problems, String notChecked) {
    public Validation {
      problems = List.copyOf(problems);
    }

    public boolean valid() {
      return config != null && problems.isEmpty();
    }
  }

  /** A stored configuration and what its save could not check. */
  public record Saved(StoredConfig stored, String notChecked) {}

  private final TenantConfigStore store;
  private final LiveSchemaCheck live;

  public ConfigurationAdmin(TenantConfigStore store, LiveSchemaCheck live) {
    this.store = store;
    this.live = live;
  }

  public StoredConfig get(String tenantId) {
    return store.findStored(tenantId).orElseThrow(() -> notFoundFor(tenantId));
  }

  public Validation validate(String tenantId, JsonNode body) {
    TenantConfig parsed;
    try {
      parsed = new TenantConfigParser().parse(body);
    } catch (InvalidConfigException e) {
      return new Validation(null, withTenantCheck(tenantId, body, e.problems()), null);
    }
    List<ConfigProblem> problems = withTenantCheck(tenantId, body, List.of());
    if (!problems.isEmpty()) {
      return new Validation(parsed, problems, null);
    }
    LiveSchemaCheck.Result checked = live.check(parsed);
    return new Validation(parsed, checked.problems(), checked.notChecked());
  }

  /**
   * Validates, then stores over {@code expectedRevision}: null creates a tenant that has no
   * configuration yet and is refused for one that has (say which revision you replace).
   */
  public Saved put(String tenantId, JsonNode body, Long expectedRevision) {
    Validation validation = validate(tenantId, body);
    if (!validation.valid()) {
      throw new ManagementException(Kind.INVALID, validation.problems().size() + " problem(s) in the configuration; "
          + "nothing was saved", validation.problems());
    }
    Optional<StoredConfig> current = store.findStored(tenantId);
    if (expectedRevision == null && current.isPresent()) {
      throw new ManagementException(Kind.REVISION_REQUIRED, "tenant '" + tenantId + "' already has a configuration "
          + "(revision " + current.get().revision() + "): send If-Match with the ETag you read, so a change made "
          + "meanwhile is not overwritten");
    }
    long expected = expectedRevision == null ? 0 : expectedRevision;
    long revision = store.replace(validation.config(), expected).orElseThrow(() -> stale(tenantId, expected));
    return new Saved(new StoredConfig(validation.config(), revision), validation.notChecked());
  }

  /** Switches the tenant's scheduled runs on or off; over {@code expectedRevision} when given. */
  public StoredConfig setAutomation(String tenantId, boolean enabled, Long expectedRevision) {
    for (int attempt = 1; ; attempt++) {
      StoredConfig current = get(tenantId);
      if (expectedRevision != null && current.revision() != expectedRevision) {
        throw stale(tenantId, expectedRevision);
      }
      TenantConfig c = current.config();
      if (c.enabled() == enabled) {
        return current;
      }
      TenantConfig next = new TenantConfig(c.tenantId(), enabled, c.timeZone(), c.connection(), c.crmSections(),
          c.usageSections());
      Optional<Long> revision = store.replace(next, current.revision());
      if (revision.isPresent()) {
        return new StoredConfig(next, revision.get());
      }
      if (expectedRevision != null || attempt == SWITCH_ATTEMPTS) {
        throw stale(tenantId, current.revision());
      }
    }
  }

  private static List<ConfigProblem> withTenantCheck(String tenantId, JsonNode body, List<ConfigProblem> problems) {
    List<ConfigProblem> all = new ArrayList<>(problems);
    JsonNode named = body == null ? null : body.get("tenantId");
    if (named != null && named.isTextual() && !named.asText().equals(tenantId)) {
      // One tenant's request never writes another's configuration, whatever the body says.
      all.add(0, new ConfigProblem("$.tenantId", "is '" + named.asText() + "' but this is tenant '" + tenantId
          + "': a configuration is saved only under its own tenant"));
    }
    return all;
  }

  private static ManagementException stale(String tenantId, long expected) {
    return new ManagementException(Kind.STALE, "tenant '" + tenantId + "' is no longer at revision " + expected
        + ": read it again (GET), apply your change to what is there now, and send its ETag in If-Match");
  }

  public static ManagementException notFoundFor(String tenantId) {
    return new ManagementException(Kind.NOT_FOUND, "no tenant '" + tenantId + "': create it with PUT "
        + "/v1/tenants/" + tenantId + "/configuration (or 'bqsync tenant apply --file F')");
  }
}
