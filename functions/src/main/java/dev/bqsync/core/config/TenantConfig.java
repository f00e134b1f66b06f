package dev.bqsync.core.config;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Everything bqsync knows about one tenant: its connection and its CRM and usage sections. */
public record TenantConfig(
    String tenantId,
    boolean enabled,
    ZoneId timeZone,
    Connection connection,
    List<CrmSection> crmSections,
    List<UsageSection> usageSections) {

  public TenantConfig {
    Check.valid(Identifiers.tenantIdProblem(tenantId), "tenantId");
    Check.present(timeZone, "timeZone");
    Check.present(connection, "connection");
    crmSections = List.copyOf(crmSections == null ? List.of() : crmSections);
    usageSections = List.copyOf(usageSections == null ? List.of() : usageSections);
    Set<String> ids = new HashSet<>();
    crmSections.forEach(s -> requireUnique(ids, s.id()));
    usageSections.forEach(s -> requireUnique(ids, s.id()));
  }

  public Optional<CrmSection> crmSection(String id) {
    return crmSections.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<UsageSection> usageSection(String id) {
    return usageSections.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  private static void requireUnique(Set<String> ids, String id) {
    if (!ids.add(id)) {
      throw new IllegalArgumentException("duplicate section id: " + id);
    }
  }
}
