package dev.bqsync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bqsync.testing.ExampleConfigs;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TenantConfigParserTest {
  private final TenantConfigParser parser = new TenantConfigParser();

  @Test
  void theDocumentedExampleParsesIntoTheRecordsItDescribes() {
    TenantConfig config = parser.parse(ExampleConfigs.exampleTenantJson());

    assertThat(config.tenantId()).isEqualTo("acme");
    assertThat(config.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(config.connection().auth()).isEqualTo(new Auth.OAuthClient(
        "123456789012-abcdefghijklmnop.apps.googleusercontent.com"));
    assertThat(config.connection().allowedProjects()).containsExactly("acme-analytics");
    assertThat(config.connection().maximumBytesBilled()).isEqualTo(10_737_418_240L);

    CrmSection companies = config.crmSection("companies").orElseThrow();
    assertThat(companies.source()).isEqualTo(new TableRef("acme-analytics", "crm", "companies"));
    assertThat(companies.fields()).contains(new FieldMapping("custom.tier", "tier", Direction.RECEIVE, true));
    assertThat(companies.fields().get(0).effectiveDirection(companies.direction())).isEqualTo(Direction.BOTH);
    assertThat(companies.fields().get(1).effectiveDirection(companies.direction())).isEqualTo(Direction.SEND);

    UsageSection logins = config.usageSection("logins").orElseThrow();
    assertThat(logins.mapping()).isInstanceOfSatisfying(UserActivityMapping.class, m -> {
      assertThat(m.action()).isEqualTo(ColumnOrConstant.column("event_name"));
      assertThat(m.columns()).containsExactly("user_email", "event_name", "event_time", "company_id", "weight",
          "browser", "country");
    });
    UsageSection apiCalls = config.usageSection("api-calls").orElseThrow();
    assertThat(apiCalls.frequency()).isEqualTo(Frequency.dailyAt(LocalTime.of(6, 30)));
    assertThat(apiCalls.mapping()).isEqualTo(new CustomMetricMapping("company_id", ColumnOrConstant.constant("api_calls"),
        "calls", "day", Aggregation.SUM));
  }

  @Test
  void leftOutFieldsTakeTheirDocumentedDefaults() {
    TenantConfig config = parser.parse("""
        {"tenantId": "globex",
         "connection": {"billingProject": "globex-dw", "location": "US", "allowedProjects": ["globex-dw"],
                        "auth": {"kind": "OAUTH", "clientId": "42-x.apps.googleusercontent.com"}},
         "usageSections": [
           {"id": "events", "kind": "USER_ACTIVITY", "source": "globex-dw.events.all_events", "keyColumn": "id",
            "frequency": "EVERY_5_MIN",
            "mapping": {"externalId": "user_id", "action": {"constant": "event"}, "date": "ts"}},
           {"id": "seats", "kind": "CUSTOM_METRIC", "model": "COMPANY", "source": "globex-dw.billing.seats",
            "keyColumn": "id", "frequency": "EVERY_60_MIN",
            "mapping": {"externalId": "account", "dimensionId": {"column": "metric"}, "value": "v", "date": "d"}}]}
        """);

    assertThat(config.enabled()).isTrue();
    assertThat(config.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(config.connection().auth()).isEqualTo(new Auth.OAuthClient("42-x.apps.googleusercontent.com"));
    assertThat(config.connection().maximumBytesBilled()).isNull();
    assertThat(config.crmSections()).isEmpty();
    UsageSection events = config.usageSection("events").orElseThrow();
    assertThat(events.model()).isEqualTo(UsageModel.END_USER);
    assertThat(events.batchSize()).isEqualTo(UsageSection.DEFAULT_BATCH);
    assertThat(events.enabled()).isTrue();
    assertThat(((CustomMetricMapping) config.usageSection("seats").orElseThrow().mapping()).aggregation())
        .isEqualTo(Aggregation.SUM);
  }

  @Test
  void serviceAccountImpersonationNamesNoAccountTheAccountIsTheTenants() {
    TenantConfig config = parser.parse("""
        {"tenantId": "initech", "timeZone": "America/New_York",
         "connection": {"billingProject": "initech-bi", "location": "us-east1", "allowedProjects": ["initech-bi"],
           "auth": {"kind": "SERVICE_ACCOUNT_IMPERSONATION"}}}
        """);

    assertThat(config.connection().auth()).isEqualTo(new Auth.ServiceAccountImpersonation());
    assertThat(TenantIdentities.serviceAccountEmail("initech", "crm-prod-1"))
        .isEqualTo("tenant-initech@crm-prod-1.iam.gserviceaccount.com");
    assertThat(TenantIdentities.serviceAccountId("a-very-long-tenant-id-of-forty-chars-xx"))
        .matches("tenant-a-very-long-te-[0-9a-f]{8}").hasSizeLessThanOrEqualTo(30);
    assertThat(TenantIdentities.serviceAccountId("a-very-long-tenant-id-of-forty-chars-xy"))
        .isNotEqualTo(TenantIdentities.serviceAccountId("a-very-long-tenant-id-of-forty-chars-xx"));
  }

  @Test
  void writingAndReadingBackGivesTheSameConfig() {
    TenantConfig config = parser.parse(ExampleConfigs.exampleTenantJson());

    String written = new TenantConfigWriter().toPrettyString(config);

    assertThat(parser.parse(written)).isEqualTo(config);
  }

  @Test
  void aStateDatasetIsParsedAndWrittenBack() {
    String json = ExampleConfigs.exampleTenantJson().replace("\"allowedProjects\"",
        "\"stateDataset\": \"acme-analytics.bqsync_state\", \"allowedProjects\"");
    TenantConfig config = parser.parse(json);

    assertThat(config.connection().stateDataset()).isEqualTo(new DatasetRef("acme-analytics", "bqsync_state"));
    assertThat(parser.parse(new TenantConfigWriter().toPrettyString(config)).connection().stateDataset())
        .isEqualTo(config.connection().stateDataset());
    assertThat(parser.parse(ExampleConfigs.exampleTenantJson()).connection().stateDataset()).as("optional").isNull();
  }

  @Test
  void actingDeletePoliciesAndTheShareAreParsedWithAStateAndWrittenBack() {
    String policies = "\"id\": \"companies\", \"massChangeShare\": 0.25, \"onDelete\": {\"rowDeleted\": {\"policy\": "
        + "\"ARCHIVE\", \"field\": \"custom.archived\"}, \"recordDeleted\": {\"policy\": \"DELETE\"}},";
    String json = ExampleConfigs.exampleTenantJson().replace("\"allowedProjects\"",
        "\"stateDataset\": \"acme-analytics.bqsync_state\", \"allowedProjects\"").replace("\"id\": \"companies\",",
        policies);
    TenantConfig config = parser.parse(json);

    assertThat(config.crmSections().get(0).options().onDelete()).isEqualTo(new OnDelete(
        new DeletePolicy(DeleteAction.ARCHIVE, "custom.archived"), new DeletePolicy(DeleteAction.DELETE, null), 0.25));
    assertThat(parser.parse(new TenantConfigWriter().toPrettyString(config))).isEqualTo(config);
    assertThatThrownBy(() -> parser.parse(ExampleConfigs.exampleTenantJson().replace("\"id\": \"companies\",",
        policies))).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("$.crmSections[0].onDelete: needs connection.stateDataset");
  }

  @Test
  void ignoringPoliciesAreParsedAndWrittenBack() {
    String json = ExampleConfigs.exampleTenantJson().replace("\"id\": \"companies\",",
        "\"id\": \"companies\", \"onDelete\": {\"rowDeleted\": {\"policy\": \"IGNORE\"}},");
    TenantConfig config = parser.parse(json);

    assertThat(config.crmSections().get(0).options().onDelete()).isEqualTo(OnDelete.DEFAULTS);
    assertThat(parser.parse(new TenantConfigWriter().toPrettyString(config))).isEqualTo(config);
  }
}
