package dev.bqsync.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Records built in code (not from JSON) keep the same rules: nothing invalid can exist. */
class RecordInvariantsTest {
  @Test
  void aTableRefCannotCarrySqlAndQuotesSafely() {
    assertThatThrownBy(() -> new TableRef("acme-analytics", "crm", "t`; DROP TABLE x; --"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid table name");
    assertThat(new TableRef("acme-analytics", "crm", "daily events-2026").sql())
        .isEqualTo("`acme-analytics`.`crm`.`daily events-2026`");
  }

  @Test
  void quotingRefusesABacktick() {
    assertThatThrownBy(() -> Identifiers.quote("a`b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCrmSectionCannotMapAColumnTwice() {
    assertThatThrownBy(() -> new CrmSection("companies", CrmModel.Company, TableRef.parse("acme-analytics.crm.c"),
        CrmKey.EXTERNAL_ID, "id", Direction.BOTH,
        List.of(new FieldMapping("name", "n", null, false), new FieldMapping("domain", "n", null, false)), null, true))
        .hasMessageContaining("column mapped twice: n");
  }

  @Test
  void aUsageSectionKeepsItsBatchSizeInRange() {
    UserActivityMapping mapping = new UserActivityMapping("email", null, ColumnOrConstant.constant("login"), "ts",
        null, null, null, List.of());
    assertThatThrownBy(() -> new UsageSection("logins", UsageKind.USER_ACTIVITY, UsageModel.END_USER,
        TableRef.parse("acme-analytics.usage.logins"), "id", mapping, 50_001, Frequency.every(FrequencyKind.EVERY_5_MIN),
        0, true)).hasMessageContaining("batchSize must be 1..50000");
  }

  @Test
  void aDailyFrequencyNeedsItsTime() {
    assertThatThrownBy(() -> new Frequency(FrequencyKind.DAILY, null)).hasMessageContaining("DAILY frequency needs a time");
  }

  @Test
  void customFieldsAreAcceptedByName() {
    assertThat(CrmModel.Company.field("custom.Health Score")).get().extracting(CrmField::type).isEqualTo(FieldType.ANY);
    assertThat(CrmModel.Company.field("custom.")).isEmpty();
  }
}
