package dev.bqsync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bqsync.testing.ExampleConfigs;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every validation rule, each shown by one edit to the valid example: the problem's JSON path and
 * the words of its message that tell the user what to change.
 */
class TenantConfigValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final TenantConfigParser parser = new TenantConfigParser();

  static Stream<Arguments> rules() {
    return Stream.of(
        // tenant
        rule(ConfigEdit.remove("/tenantId"), "$.tenantId", "required: the tenant's id"),
        rule(ConfigEdit.set("/tenantId", "\"Acme Corp\""), "$.tenantId", "not a valid tenant id"),
        rule(ConfigEdit.set("/enabled", "\"yes\""), "$.enabled", "must be true or false"),
        rule(ConfigEdit.set("/timezone", "\"UTC\""), "$.timezone", "unknown field 'timezone': allowed here are tenantId"),
        rule(ConfigEdit.set("/timeZone", "\"Mars/Olympus_Mons\""), "$.timeZone", "not an IANA time zone"),
        rule(ConfigEdit.set("/timeZone", "\"+02:00\""), "$.timeZone", "use a region name such as \"Europe/Berlin\""),
        rule(ConfigEdit.set("/timeZone", "7"), "$.timeZone", "must be a non-empty text"),
        rule(ConfigEdit.remove("/connection"), "$.connection", "required: billingProject, location and auth"),
        rule(ConfigEdit.set("/connection", "[]"), "$.connection", "must be an object"),
        // connection
        rule(ConfigEdit.set("/connection/billingProject", "\"Acme_Analytics\""), "$.connection.billingProject",
            "not a valid project id: use 6-30 lowercase letters"),
        rule(ConfigEdit.set("/connection/billingProject", "\"example.com:acme\""), "$.connection.billingProject",
            "domain-scoped project id"),
        rule(ConfigEdit.set("/connection/location", "\"eu west\""), "$.connection.location", "not a BigQuery location"),
        rule(ConfigEdit.remove("/connection/location"), "$.connection.location", "required: where jobs run"),
        rule(ConfigEdit.set("/connection/maximumBytesBilled", "-5"), "$.connection.maximumBytesBilled",
            "must be a positive number of bytes"),
        rule(ConfigEdit.set("/connection/stateDataset", "\"acme-analytics\""), "$.connection.stateDataset",
            "must be project.dataset"),
        rule(ConfigEdit.set("/connection/stateDataset", "\"acme-analytics.bq-state\""), "$.connection.stateDataset",
            "dataset"),
        rule(ConfigEdit.set("/connection/stateDataset", "\"globex-dw.bqsync_state\""), "$.connection.stateDataset",
            "is not in allowedProjects"),
        // deletes (the example keeps no state, so an acting policy is refused for that first)
        rule(ConfigEdit.set("/crmSections/0/onDelete", "{\"rowDeleted\": {\"policy\": \"DELETE\"}}"),
            "$.crmSections[0].onDelete", "needs connection.stateDataset"),
        rule(ConfigEdit.set("/crmSections/0/massChangeShare", "0"), "$.crmSections[0].massChangeShare",
            "must be a number more than 0 and at most 1"),
        rule(ConfigEdit.set("/crmSections/0/massChangeShare", "1.5"), "$.crmSections[0].massChangeShare",
            "must be a number more than 0 and at most 1"),
        rule(ConfigEdit.set("/crmSections/0/massChangeShare", "\"10%\""), "$.crmSections[0].massChangeShare",
            "e.g. 0.1 for 10%"),
        rule(ConfigEdit.set("/crmSections/0/onDelete", "{\"rowDeleted\": {\"policy\": \"ARCHIVE\"}}"),
            "$.crmSections[0].onDelete.rowDeleted.field", "required for ARCHIVE"),
        rule(ConfigEdit.set("/crmSections/0/onDelete", "{\"rowDeleted\": {\"policy\": \"ARCHIVE\", \"field\": \"renewalDate\"}}"),
            "$.crmSections[0].onDelete.rowDeleted.field", "is mapped by this section"),
        rule(ConfigEdit.set("/crmSections/0/onDelete", "{\"rowDeleted\": {\"policy\": \"ARCHIVE\", \"field\": \"mrr\"}}"),
            "$.crmSections[0].onDelete.rowDeleted.field", "is a NUMBER field: use a BOOLEAN, TIMESTAMP or DATE field"),
        rule(ConfigEdit.set("/crmSections/0/onDelete", "{\"rowDeleted\": {\"policy\": \"ARCHIVE\", \"field\": \"archived\"}}"),
            "$.crmSections[0].onDelete.rowDeleted.field", "is not a field of Company"),
        rule(ConfigEdit.set("/crmSections/0/onDelete", "{\"rowDeleted\": {\"policy\": \"CLEAR\", \"field\": \"custom.x\"}}"),
            "$.crmSections[0].onDelete.rowDeleted.field", "only ARCHIVE sets a field"),
        rule(ConfigEdit.set("/crmSections/0/onDelete", "{\"recordDeleted\": {\"policy\": \"ARCHIVE\", \"column\": \"company_id\"}}"),
            "$.crmSections[0].onDelete.recordDeleted.column", "is mapped by this section"),
        rule(ConfigEdit.set("/crmSections/0/onDelete", "{\"recordDeleted\": {\"policy\": \"ARCHIVE\", \"column\": \"deleted at\"}}"),
            "$.crmSections[0].onDelete.recordDeleted.column", "column"),
        rule(ConfigEdit.set("/crmSections/0/onDelete", "{\"recordDeleted\": {\"policy\": \"PURGE\"}}"),
            "$.crmSections[0].onDelete.recordDeleted.policy", "'PURGE' is not allowed: use one of IGNORE, CLEAR, ARCHIVE, DELETE"),
        rule(ConfigEdit.set("/crmSections/0/onDelete", "{\"rowDeleted\": {\"policy\": \"DELETE\"}, \"rowsDeleted\": {}}"),
            "$.crmSections[0].onDelete.rowsDeleted", "unknown field 'rowsDeleted'"),
        rule(ConfigEdit.set("/crmSections/1/onDelete", "{\"recordDeleted\": {\"policy\": \"DELETE\"}}"),
            "$.crmSections[1].onDelete.recordDeleted.policy", "this section never writes BigQuery: map a field SEND or BOTH"),
        rule(ConfigEdit.set("/crmSections/0/onDelete", "[]"), "$.crmSections[0].onDelete", "must be an object"),
        rule(ConfigEdit.set("/connection/maximumBytesBilled", "\"10GB\""), "$.connection.maximumBytesBilled",
            "must be a whole number"),
        rule(ConfigEdit.set("/connection/auth/kind", "\"API_KEY\""), "$.connection.auth.kind",
            "'API_KEY' is not allowed: use one of OAUTH, SERVICE_ACCOUNT_IMPERSONATION"),
        rule(ConfigEdit.set("/connection/auth/clientId", "\"my-client\""), "$.connection.auth.clientId",
            "ends in .apps.googleusercontent.com"),
        rule(ConfigEdit.set("/connection/auth/secretId", "\"bqsync-globex-oauth-client\""), "$.connection.auth.secretId",
            "remove it: a tenant's secrets are named after its id (bqsync-acme-oauth-client and "
                + "bqsync-acme-refresh-token), never by the configuration"),
        rule(ConfigEdit.remove("/connection/allowedProjects"), "$.connection.allowedProjects",
            "required: list the tenant's own Google Cloud projects bqsync may use, e.g. [\"acme-analytics\"]"),
        rule(ConfigEdit.set("/connection/allowedProjects", "[\"acme-other\"]"), "$.connection.billingProject",
            "'acme-analytics' is not in allowedProjects [acme-other]"),
        rule(ConfigEdit.set("/crmSections/0/source", "\"globex-prod.crm.companies\""), "$.crmSections[0].source",
            "project 'globex-prod' is not in connection.allowedProjects [acme-analytics]"),
        rule(ConfigEdit.set("/usageSections/0/source", "\"globex-prod.usage.events\""), "$.usageSections[0].source",
            "project 'globex-prod' is not in connection.allowedProjects [acme-analytics]"),
        rule(ConfigEdit.set("/connection/auth/allowedGoogleDomains", "[\"Acme Corp\"]"),
            "$.connection.auth.allowedGoogleDomains[0]", "is not a domain name"),
        rule(ConfigEdit.set("/connection/auth/clientSecret", "\"GOCSPX-abc\""), "$.connection.auth.clientSecret",
            "secrets never go in the configuration: remove 'clientSecret' and store it with 'bqsync tenant set-oauth-client'"),
        rule(ConfigEdit.set("/connection/auth/refresh_token", "\"1//abc\""), "$.connection.auth.refresh_token",
            "secrets never go in the configuration"),
        rule(ConfigEdit.set("/connection/auth", "{\"kind\": \"SERVICE_ACCOUNT_IMPERSONATION\", \"serviceAccount\": "
            + "\"bqsync-globex@crm-prod-1.iam.gserviceaccount.com\"}"),
            "$.connection.auth.serviceAccount", "remove it: each tenant has its own service account, named after its id "
                + "(tenant-acme@"),
        rule(ConfigEdit.set("/connection/auth", "{\"kind\": \"SERVICE_ACCOUNT_IMPERSONATION\", \"clientId\": \"x\"}"),
            "$.connection.auth.clientId", "unknown field 'clientId'"),
        rule(ConfigEdit.set("/usageSections/0/mapping/info", "[\"__meta__\"]"), "$.usageSections[0].mapping.info[0]",
            "'__meta__' cannot be an info column: names that start and end with two underscores are reserved"),
        // CRM sections
        rule(ConfigEdit.set("/crmSections/0/id", "\"comp anies\""), "$.crmSections[0].id", "not a valid section id"),
        rule(ConfigEdit.set("/crmSections/1/id", "\"companies\""), "$.crmSections[1].id",
            "section id 'companies' is already used at $.crmSections[0].id"),
        rule(ConfigEdit.set("/usageSections/0/id", "\"companies\""), "$.usageSections[0].id",
            "already used at $.crmSections[0].id"),
        rule(ConfigEdit.set("/crmSections/0/model", "\"Account\""), "$.crmSections[0].model",
            "'Account' is not allowed: use one of Company, EndUser, License, Opportunity, Asset, Project"),
        rule(ConfigEdit.set("/crmSections/0/source", "\"crm.companies\""), "$.crmSections[0].source",
            "must be project.dataset.table"),
        rule(ConfigEdit.set("/crmSections/0/source", "\"acme-analytics.crm-data.companies\""), "$.crmSections[0].source",
            "not a valid dataset name"),
        rule(ConfigEdit.set("/crmSections/0/source", "\"acme-analytics.crm.companies` WHERE 1=1; --\""),
            "$.crmSections[0].source", "not a valid table name"),
        rule(ConfigEdit.set("/crmSections/0/crmKey", "\"NAME\""), "$.crmSections[0].crmKey",
            "use one of SOURCE_ID, EXTERNAL_ID, EMAIL, ID"),
        rule(ConfigEdit.set("/crmSections/0/crmKey", "\"EMAIL\""), "$.crmSections[0].crmKey",
            "EMAIL is only a key for models with an email"),
        rule(ConfigEdit.set("/crmSections/0/warehouseKey", "\"id; DROP TABLE x\""), "$.crmSections[0].warehouseKey",
            "not a valid column name"),
        rule(ConfigEdit.set("/crmSections/0/warehouseKey", "\"_PARTITIONTIME\""), "$.crmSections[0].warehouseKey",
            "reserved prefix _PARTITION"),
        rule(ConfigEdit.set("/crmSections/0/direction", "\"PUSH\""), "$.crmSections[0].direction",
            "use one of BOTH, SEND, RECEIVE"),
        rule(ConfigEdit.remove("/crmSections/0/direction"), "$.crmSections[0].direction", "required: one of BOTH"),
        rule(ConfigEdit.remove("/crmSections/0/fields"), "$.crmSections[0].fields", "required: a list of"),
        rule(ConfigEdit.set("/crmSections/0/fields", "[]"), "$.crmSections[0].fields", "map at least one field"),
        rule(ConfigEdit.set("/crmSections/0/fields", "{}"), "$.crmSections[0].fields", "must be a list"),
        rule(ConfigEdit.set("/crmSections/0/fields/0", "\"name\""), "$.crmSections[0].fields[0]", "must be an object"),
        rule(ConfigEdit.set("/crmSections/0/fields/0/crm", "\"nmae\""), "$.crmSections[0].fields[0].crm",
            "'nmae' is not a field of Company: use one of id, sourceId, externalId, name"),
        rule(ConfigEdit.set("/crmSections/0/fields/0/crm", "\"custom.\""), "$.crmSections[0].fields[0].crm",
            "not a valid custom field: use custom.<name>"),
        rule(ConfigEdit.set("/crmSections/0/fields/1/column", "\"name\""), "$.crmSections[0].fields[1].column",
            "column 'name' is already mapped at $.crmSections[0].fields[0].column: map each column once"),
        rule(ConfigEdit.set("/crmSections/0/fields/1/column", "\"company_id\""), "$.crmSections[0].fields[1].column",
            "already mapped at $.crmSections[0].warehouseKey"),
        rule(ConfigEdit.set("/crmSections/0/fields/1/crm", "\"name\""), "$.crmSections[0].fields[1].crm",
            "CRM field 'name' is already mapped at $.crmSections[0].fields[0].crm"),
        rule(ConfigEdit.set("/crmSections/0/fields/1/crm", "\"externalId\""), "$.crmSections[0].fields[1].crm",
            "already mapped at $.crmSections[0].crmKey"),
        rule(ConfigEdit.set("/crmSections/0/fields/4", "{\"crm\": \"id\", \"column\": \"crm_id\"}"),
            "$.crmSections[0].fields[4].direction", "'id' is read-only in the CRM: set this field's direction to SEND"),
        rule(ConfigEdit.set("/crmSections/0/fields/0/direction", "\"both\""), "$.crmSections[0].fields[0].direction",
            "'both' is not allowed"),
        rule(ConfigEdit.set("/crmSections/0/fields/0/skipNulls", "1"), "$.crmSections[0].fields[0].skipNulls",
            "must be true or false"),
        rule(ConfigEdit.set("/crmSections/0/fields/0/col", "\"x\""), "$.crmSections[0].fields[0].col",
            "unknown field 'col': allowed here are crm, column, direction, skipNulls"),
        rule(ConfigEdit.set("/crmSections", "{}"), "$.crmSections", "must be a list"),
        rule(ConfigEdit.set("/crmSections/0/conflictPolicy", "\"LATEST\""), "$.crmSections[0].conflictPolicy",
            "use one of WAREHOUSE_WINS, CRM_WINS, NEWEST"),
        rule(ConfigEdit.set("/crmSections/0/conflictPolicy", "\"NEWEST\""), "$.crmSections[0].updatedAtColumn",
            "required for conflictPolicy NEWEST"),
        rule(ConfigEdit.set("/crmSections/0/updatedAtField", "\"name\""), "$.crmSections[0].updatedAtField",
            "'name' is a STRING field: use a TIMESTAMP or DATE field"),
        rule(ConfigEdit.set("/crmSections/0/createInCrm", "\"no\""), "$.crmSections[0].createInCrm",
            "must be true or false"),
        // usage sections
        rule(ConfigEdit.set("/usageSections/0/kind", "\"EVENT\""), "$.usageSections[0].kind",
            "use one of USER_ACTIVITY, CUSTOM_METRIC"),
        rule(ConfigEdit.set("/usageSections/0/model", "\"COMPANY\""), "$.usageSections[0].model",
            "user activities belong to end users"),
        rule(ConfigEdit.remove("/usageSections/1/model"), "$.usageSections[1].model",
            "required: one of COMPANY, END_USER, ASSET, PROJECT"),
        rule(ConfigEdit.set("/usageSections/1/model", "\"Company\""), "$.usageSections[1].model",
            "'Company' is not allowed: use one of COMPANY"),
        rule(ConfigEdit.remove("/usageSections/0/keyColumn"), "$.usageSections[0].keyColumn",
            "required: the unique, numeric, incrementing column"),
        rule(ConfigEdit.set("/usageSections/0/batchSize", "0"), "$.usageSections[0].batchSize",
            "is 0: use a batch size from 1 to 50,000"),
        rule(ConfigEdit.set("/usageSections/0/batchSize", "50001"), "$.usageSections[0].batchSize",
            "is 50001: use a batch size from 1 to 50,000"),
        rule(ConfigEdit.set("/usageSections/0/batchSize", "2.5"), "$.usageSections[0].batchSize", "must be a whole number"),
        rule(ConfigEdit.set("/usageSections/0/lookback", "-1"), "$.usageSections[0].lookback",
            "is -1: use a number of keys from 0 to 1,000,000"),
        rule(ConfigEdit.set("/usageSections/0/frequency", "\"HOURLY\""), "$.usageSections[0].frequency",
            "use one of EVERY_5_MIN, EVERY_10_MIN, EVERY_30_MIN, EVERY_60_MIN, DAILY"),
        rule(ConfigEdit.remove("/usageSections/1/dailyAt"), "$.usageSections[1].dailyAt",
            "required for DAILY: the local time as HH:MM"),
        rule(ConfigEdit.set("/usageSections/1/dailyAt", "\"6:30pm\""), "$.usageSections[1].dailyAt",
            "'6:30pm' is not a time: use HH:MM on a 24-hour clock"),
        rule(ConfigEdit.set("/usageSections/1/dailyAt", "\"24:00\""), "$.usageSections[1].dailyAt", "is not a time"),
        rule(ConfigEdit.set("/usageSections/0/dailyAt", "\"06:00\""), "$.usageSections[0].dailyAt",
            "only a DAILY frequency has a time"),
        rule(ConfigEdit.remove("/usageSections/0/mapping"), "$.usageSections[0].mapping",
            "required: email or externalId, action, date"),
        rule(ConfigEdit.remove("/usageSections/1/mapping"), "$.usageSections[1].mapping",
            "required: externalId, dimensionId, value, date"),
        rule(ConfigEdit.remove("/usageSections/0/mapping/email"), "$.usageSections[0].mapping",
            "USER_ACTIVITY needs the end user: map \"email\" or \"externalId\""),
        rule(ConfigEdit.remove("/usageSections/0/mapping/action"), "$.usageSections[0].mapping.action",
            "required: {\"column\": \"<column>\"} or {\"constant\": \"<value>\"}"),
        rule(ConfigEdit.set("/usageSections/0/mapping/action", "{\"column\": \"a\", \"constant\": \"login\"}"),
            "$.usageSections[0].mapping.action", "give exactly one of column or constant"),
        rule(ConfigEdit.set("/usageSections/0/mapping/action", "\"event_name\""), "$.usageSections[0].mapping.action",
            "must be an object: {\"column\""),
        rule(ConfigEdit.remove("/usageSections/0/mapping/date"), "$.usageSections[0].mapping.date", "required"),
        rule(ConfigEdit.set("/usageSections/0/mapping/weight", "\"user_email\""), "$.usageSections[0].mapping.weight",
            "column 'user_email' is already mapped at $.usageSections[0].mapping.email"),
        rule(ConfigEdit.set("/usageSections/0/mapping/info/1", "\"user_email\""), "$.usageSections[0].mapping.info[1]",
            "already mapped at $.usageSections[0].mapping.email"),
        rule(ConfigEdit.set("/usageSections/0/mapping/info/1", "\"bad-column\""), "$.usageSections[0].mapping.info[1]",
            "not a valid column name"),
        rule(ConfigEdit.set("/usageSections/0/mapping/value", "\"calls\""), "$.usageSections[0].mapping.value",
            "unknown field 'value': allowed here are email, externalId, action"),
        rule(ConfigEdit.remove("/usageSections/1/mapping/value"), "$.usageSections[1].mapping.value", "required"),
        rule(ConfigEdit.remove("/usageSections/1/mapping/externalId"), "$.usageSections[1].mapping.externalId", "required"),
        rule(ConfigEdit.set("/usageSections/1/mapping/dimensionId", "{\"constant\": \"api calls!\"}"),
            "$.usageSections[1].mapping.dimensionId.constant", "use 1-100 letters, digits or underscores"),
        rule(ConfigEdit.set("/usageSections/1/mapping/aggregation", "\"AVG\""), "$.usageSections[1].mapping.aggregation",
            "use one of SUM, LAST"),
        rule(ConfigEdit.set("/usageSections/1/mapping/date", "\"company_id\""), "$.usageSections[1].mapping.date",
            "already mapped at $.usageSections[1].mapping.externalId"));
  }

  private static Arguments rule(ConfigEdit edit, String path, String message) {
    return Arguments.of(edit, path, message);
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("rules")
  void eachRuleNamesThePathAndWhatToChange(ConfigEdit edit, String path, String message) throws Exception {
    JsonNode config = JSON.readTree(ExampleConfigs.exampleTenantJson());
    edit.applyTo(config);

    InvalidConfigException error = catchThrowableOfType(() -> parser.parse(config), InvalidConfigException.class);

    assertThat(error).as("the edited config must be rejected").isNotNull();
    assertThat(error.problems()).as("problems of the edited config")
        .anySatisfy(p -> {
          assertThat(p.path()).isEqualTo(path);
          assertThat(p.message()).contains(message);
        });
  }

  @Test
  void everyProblemIsReportedAtOnce() throws Exception {
    JsonNode config = JSON.readTree(ExampleConfigs.exampleTenantJson());
    List.of(
        ConfigEdit.set("/connection/location", "\"eu west\""),
        ConfigEdit.set("/crmSections/0/model", "\"Account\""),
        ConfigEdit.set("/crmSections/1/fields/0/column", "\"first name\""),
        ConfigEdit.set("/usageSections/0/batchSize", "0"),
        ConfigEdit.set("/usageSections/1/dailyAt", "\"25:99\"")).forEach(e -> e.applyTo(config));

    InvalidConfigException error = catchThrowableOfType(() -> parser.parse(config), InvalidConfigException.class);

    assertThat(error.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "$.connection.location", "$.crmSections[0].model", "$.crmSections[1].fields[0].column",
        "$.usageSections[0].batchSize", "$.usageSections[1].dailyAt");
    assertThat(error.getMessage()).startsWith("5 problem(s) in the tenant configuration:")
        .contains("  - $.usageSections[0].batchSize: is 0: use a batch size from 1 to 50,000");
  }

  @Test
  void textThatIsNotJsonSaysWhere() {
    assertThatThrownBy(() -> parser.parse("{\n  \"tenantId\": \"acme\",\n}"))
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).singleElement()
            .satisfies(p -> {
              assertThat(p.path()).isEqualTo("$");
              assertThat(p.message()).startsWith("not valid JSON (line 3, column 1)");
            }));
  }

  @Test
  void aConfigThatIsNotAnObjectIsRejected() {
    assertThatThrownBy(() -> parser.parse("[1, 2]"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("$: the configuration must be a JSON object");
  }
}
