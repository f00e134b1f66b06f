package dev.bqsync.sync;

import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.InvalidConfigException;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.port.ConnectionStatusStore;
import dev.bqsync.port.TenantConfigStore;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The checks every job makes before it touches a warehouse, in one order and with one wording, so the
 * usage pull and the CRM sync refuse the same bad requests the same way.
 */
final class TenantJobGate {
  /** What a job's sections look like to the gate: how to find one by id and which run by default. */
  record SectionKind<S>(String name, BiFunction<TenantConfig, String, Optional<S>> byId, Function<TenantConfig, List<S>> enabled,
      String nothingDone) {
    boolean isEnabled(TenantConfig tenant, S section) {
      return enabled.apply(tenant).contains(section);
    }
  }

  /** The gate's answer: run these sections, fail them for re-authorisation, or refuse the request. */
  sealed interface Admission<S> {
    /** The request stops here: what does not exist, or what is deliberately off. */
    record Refused<S>(Refusal refusal, String message) implements Admission<S> {}

    /** The tenant must authorise BigQuery again; every section fails with this message, none runs. */
    record ReauthorisationRequired<S>(TenantConfig tenant, List<S> sections, String message) implements Admission<S> {}

    record Admitted<S>(TenantConfig tenant, List<S> sections) implements Admission<S> {}
  }

  private final TenantConfigStore tenants;
  private final ConnectionStatusStore connections;

  TenantJobGate(TenantConfigStore tenants, ConnectionStatusStore connections) {
    this.tenants = tenants;
    this.connections = connections;
  }

  /** The sections to run for a request naming a tenant and, optionally, one section. */
  <S> Admission<S> admit(String tenantId, String sectionId, SectionKind<S> kind) {
    Optional<TenantConfig> found;
    try {
      found = tenants.find(tenantId);
    } catch (NeedsAttentionException | InvalidConfigException unusable) {
      // A stored configuration that cannot be used (or Firestore refusing access): a person must act.
      return new Admission.Refused<>(Refusal.MISCONFIGURED, "tenant '" + tenantId + "' cannot run: "
          + unusable.getMessage());
    }
    if (found.isEmpty()) {
      return new Admission.Refused<>(Refusal.NOT_FOUND, "no tenant '" + tenantId + "': apply its configuration with "
          + "'bqsync tenant apply --file F'");
    }
    TenantConfig tenant = found.get();
    List<S> sections;
    if (sectionId != null) {
      Optional<S> section = kind.byId().apply(tenant, sectionId);
      if (section.isEmpty()) {
        return new Admission.Refused<>(Refusal.NOT_FOUND, "tenant '" + tenant.tenantId() + "' has no " + kind.name() + " '"
            + sectionId + "'");
      }
      if (!kind.isEnabled(tenant, section.get())) {
        return new Admission.Refused<>(Refusal.SWITCHED_OFF, kind.name() + " '" + sectionId + "' of tenant '"
            + tenant.tenantId() + "' is disabled (\"enabled\": false): " + kind.nothingDone()
            + "; enable it in the configuration to run it");
      }
      sections = List.of(section.get());
    } else {
      sections = kind.enabled().apply(tenant);
    }
    if (!tenant.enabled()) {
      return new Admission.Refused<>(Refusal.SWITCHED_OFF, "tenant '" + tenant.tenantId() + "' is disabled: " + kind.nothingDone());
    }
    Optional<ConnectionStatus> connection = connections.find(tenant.tenantId());
    if (connection.isPresent() && connection.get().state() == ConnectionState.REAUTHORIZATION_REQUIRED) {
      return new Admission.ReauthorisationRequired<>(tenant, sections,
          "the BigQuery connection needs to be authorised again: " + connection.get().message());
    }
    return new Admission.Admitted<>(tenant, sections);
  }
}
