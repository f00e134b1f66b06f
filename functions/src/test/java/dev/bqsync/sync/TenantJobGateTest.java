package dev.bqsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.TenantConfig;
import dev.bqsync.core.config.TenantConfigParser;
import dev.bqsync.core.config.UsageSection;
import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.fakes.InMemoryConnectionStatusStore;
import dev.bqsync.fakes.InMemoryTenantConfigStore;
import dev.bqsync.testing.ProjectFiles;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checks both jobs share, in the order a request meets them. */
class TenantJobGateTest {
  private static final TenantJobGate.SectionKind<UsageSection> USAGE = new TenantJobGate.SectionKind<>(
      "usage section", TenantConfig::usageSection, TenantConfig::usageSections, "nothing was pulled");
  private static final TenantJobGate.SectionKind<CrmSection> CRM = new TenantJobGate.SectionKind<>(
      "CRM section", TenantConfig::crmSection, TenantConfig::crmSections, "nothing was synced");

  private final InMemoryTenantConfigStore tenants = new InMemoryTenantConfigStore();
  private final InMemoryConnectionStatusStore connections = new InMemoryConnectionStatusStore();
  private final TenantJobGate gate = new TenantJobGate(tenants, connections);
  private TenantConfig usageTenant;

  @BeforeEach
  void tenant() {
    usageTenant = new TenantConfigParser().parse(ProjectFiles.read("functions/src/test/resources/tenant-usage-test.json"));
    tenants.save(usageTenant);
  }

  private void disable() {
    TenantConfig t = usageTenant;
    tenants.save(new TenantConfig(t.tenantId(), false, t.timeZone(), t.connection(), t.crmSections(), t.usageSections()));
  }

  @Test
  void anUnknownTenantIsRefusedWithTheCommandThatCreatesIt() {
    var admission = gate.admit("nobody", null, USAGE);

    assertThat(admission).isEqualTo(new TenantJobGate.Admission.Refused<UsageSection>(Refusal.NOT_FOUND,
        "no tenant 'nobody': apply its configuration with 'bqsync tenant apply --file F'"));
  }

  @Test
  void anUnknownSectionIsRefusedNamingTheKindOfSection() {
    assertThat(gate.admit("acme", "nope", USAGE)).isEqualTo(
        new TenantJobGate.Admission.Refused<UsageSection>(Refusal.NOT_FOUND, "tenant 'acme' has no usage section 'nope'"));
    assertThat(gate.admit("acme", "logins", CRM)).as("a usage section is not a CRM section").isEqualTo(
        new TenantJobGate.Admission.Refused<CrmSection>(Refusal.NOT_FOUND, "tenant 'acme' has no CRM section 'logins'"));
  }

  @Test
  void aDisabledTenantIsADeliberateNoOpNotAnError() {
    disable();

    assertThat(gate.admit("acme", null, USAGE)).isEqualTo(
        new TenantJobGate.Admission.Refused<UsageSection>(Refusal.SWITCHED_OFF, "tenant 'acme' is disabled: nothing was pulled"));
    assertThat(gate.admit("acme", "nope", USAGE)).as("a wrong section name is still reported on a disabled tenant")
        .isInstanceOf(TenantJobGate.Admission.Refused.class)
        .extracting(a -> ((TenantJobGate.Admission.Refused<UsageSection>) a).refusal()).isEqualTo(Refusal.NOT_FOUND);
  }

  @Test
  void aConnectionThatNeedsReauthorisationFailsEverySectionWithTheReason() {
    connections.advance("acme", 0, new ConnectionStatus(ConnectionState.REAUTHORIZATION_REQUIRED, "ada@acme.example",
        List.of(), Instant.parse("2026-11-23T10:00:00Z"), "the refresh token was revoked", null, 1));

    var admission = gate.admit("acme", null, USAGE);

    assertThat(admission).isInstanceOf(TenantJobGate.Admission.ReauthorisationRequired.class);
    var reauthorise = (TenantJobGate.Admission.ReauthorisationRequired<UsageSection>) admission;
    assertThat(reauthorise.sections()).extracting(UsageSection::id).containsExactly("logins", "api-calls", "seats");
    assertThat(reauthorise.message())
        .isEqualTo("the BigQuery connection needs to be authorised again: the refresh token was revoked");
  }

  @Test
  void aHealthyTenantRunsTheNamedSectionOrTheDefaultOnes() {
    connections.advance("acme", 0, new ConnectionStatus(ConnectionState.CONNECTED, "ada@acme.example", List.of(),
        Instant.parse("2026-11-23T10:00:00Z"), null, "admin", 1));

    var one = (TenantJobGate.Admission.Admitted<UsageSection>) gate.admit("acme", "seats", USAGE);
    var all = (TenantJobGate.Admission.Admitted<UsageSection>) gate.admit("acme", null, USAGE);

    assertThat(one.tenant()).isEqualTo(usageTenant);
    assertThat(one.sections()).extracting(UsageSection::id).containsExactly("seats");
    assertThat(all.sections()).extracting(UsageSection::id).containsExactly("logins", "api-calls", "seats");
  }
}
