package dev.bqsync.emulator.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bqsync.emulator.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The translation itself, for the constructs the project's adapters emit. */
class GoogleSqlTranslatorTest {
  private static final Parameters PARAMS = new Parameters() {
    @Override
    public Literal named(String name) {
      return switch (name) {
        case "rows" -> new Literal("CAST([{'k': 'a'}] AS STRUCT(\"k\" VARCHAR)[])", true);
        case "cursor" -> new Literal("CAST('42' AS BIGINT)", false);
        default -> Parameters.NONE.named(name);
      };
    }

    @Override
    public Literal positional(int index) {
      return Parameters.NONE.positional(index);
    }
  };

  private static Translation t(String sql) {
    return GoogleSqlTranslator.translate(sql, PARAMS);
  }

  @Test
  void backtickPathsBecomeQuotedCatalogSchemaTable() {
    assertThat(t("SELECT * FROM `acme-analytics.usage.events`").duckSql())
        .isEqualTo("SELECT * FROM \"acme-analytics\".\"usage\".\"events\"");
    assertThat(t("SELECT * FROM `acme-analytics`.`usage`.`events`").duckSql())
        .isEqualTo("SELECT * FROM \"acme-analytics\".\"usage\".\"events\"");
    assertThat(t("SELECT * FROM `acme-analytics.usage.events`").tables())
        .containsExactly(List.of("acme-analytics", "usage", "events"));
  }

  @Test
  void parametersBecomeTheirTypedLiterals() {
    assertThat(t("SELECT * FROM usage.events WHERE event_id > @cursor ORDER BY event_id").duckSql())
        .isEqualTo("SELECT * FROM usage.events WHERE event_id > CAST('42' AS BIGINT) ORDER BY event_id");
    assertThatThrownBy(() -> t("SELECT @missing")).isInstanceOf(ApiException.class)
        .hasMessageContaining("Query parameter 'missing' not found");
  }

  @Test
  void unnestOfAStructArrayParameterExposesItsFields() {
    assertThat(t("SELECT k FROM UNNEST(@rows)").duckSql()).isEqualTo(
        "SELECT k FROM (SELECT UNNEST(_bqemu_u) FROM (SELECT UNNEST(CAST([{'k': 'a'}] AS STRUCT(\"k\" VARCHAR)[])) AS _bqemu_u))");
  }

  @Test
  void statementsAreClassifiedWithTheirTarget() {
    Translation merge = t("MERGE `p-123456.crm.companies` T USING (SELECT 1) S ON TRUE WHEN NOT MATCHED THEN INSERT ROW");
    assertThat(merge.statementType()).isEqualTo("MERGE");
    assertThat(merge.target()).containsExactly("p-123456", "crm", "companies");
    assertThat(merge.duckSql()).startsWith("MERGE INTO \"p-123456\".\"crm\".\"companies\"").endsWith("INSERT *");
    assertThat(t("DELETE crm.t WHERE x = 1").duckSql()).isEqualTo("DELETE FROM crm.t WHERE x = 1");
    assertThat(t("CREATE TABLE crm.t (id STRING NOT NULL, n ARRAY<STRUCT<a INT64, b NUMERIC>>) "
        + "PARTITION BY DATE(ts) CLUSTER BY id OPTIONS (description = 'x')").duckSql())
        .isEqualTo("CREATE TABLE crm.t (id VARCHAR NOT NULL, n STRUCT(\"a\" BIGINT, \"b\" DECIMAL(38,9))[])");
    Translation view = t("CREATE OR REPLACE VIEW crm.v AS SELECT 1 AS one;");
    assertThat(view.statementType()).isEqualTo("CREATE_VIEW");
    assertThat(view.viewQuery()).isEqualTo("SELECT 1 AS one");
  }

  @Test
  void stringsAreDecodedAndRequoted() {
    assertThat(t("SELECT 'it\\'s', \"say \\\"hi\\\"\", r'\\d', b'\\x00A', '''multi\nline'''").duckSql())
        .isEqualTo("SELECT 'it''s', 'say \"hi\"', '\\d', from_hex('0041'), 'multi\nline'");
  }

  @Test
  void namesDuckDbReservesButGoogleSqlDoesNotAreQuoted() {
    assertThat(t("SELECT check, offset, unique FROM crm.t LIMIT 10 OFFSET 5").duckSql())
        .isEqualTo("SELECT \"check\", \"offset\", \"unique\" FROM crm.t LIMIT 10 OFFSET 5");
    assertThat(t("ALTER TABLE crm.t DROP COLUMN only").duckSql()).isEqualTo("ALTER TABLE crm.t DROP COLUMN \"only\"");
  }

  @Test
  void commentsOfEveryKindAreDropped() {
    assertThat(t("SELECT 1 # hash\n-- dashes\n/* block */").duckSql()).isEqualTo("SELECT 1");
  }

  @Test
  void malformedTextIsAnInvalidQueryWithItsPlace() {
    assertThatThrownBy(() -> t("SELECT 'unclosed")).hasMessageContaining("Unclosed string literal at [1:8]");
    assertThatThrownBy(() -> t("SELECT (1")).hasMessageContaining("Expected \")\"");
    assertThatThrownBy(() -> t("SELECT CAST(1 AS WIDGET)")).hasMessageContaining("Type not found: WIDGET");
  }
}
