package dev.bqsync.core.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bqsync.core.config.FieldType;
import dev.bqsync.core.usage.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every BigQuery type the schema check allows, into each CRM field type and back, NULLs included. */
class CrmValuesTest {
  @Test
  void numbersOutOfTheColumnsRangeDoNotConvert() {
    assertThat(CrmValues.toWarehouse(ColumnType.NUMERIC, new BigDecimal("99999999999999999999999999999.999999999")))
        .isEqualTo(new BigDecimal("99999999999999999999999999999.999999999"));
    assertThatThrownBy(() -> CrmValues.toWarehouse(ColumnType.NUMERIC, 1e29))
        .isInstanceOf(ConversionException.class).hasMessageContaining("out of the range of NUMERIC");
    assertThat(CrmValues.toWarehouse(ColumnType.BIGNUMERIC, 1e38)).isEqualTo(BigDecimal.valueOf(1e38));
    assertThatThrownBy(() -> CrmValues.toWarehouse(ColumnType.BIGNUMERIC, -1e39))
        .isInstanceOf(ConversionException.class).hasMessageContaining("out of the range of BIGNUMERIC");
  }

  @Test
  void aJsonIntegerBeyond64BitsDoesNotConvertIntoTheCrm() {
    assertThat(CrmValues.toCrm(FieldType.JSON, "{\"n\": 9223372036854775807}")).isEqualTo(Map.of("n", Long.MAX_VALUE));
    assertThatThrownBy(() -> CrmValues.toCrm(FieldType.JSON, "[{\"n\": 123456789012345678901234567890}]"))
        .isInstanceOf(ConversionException.class).hasMessageContaining("larger than the CRM's 64-bit integers");
  }

  @Test
  void bigQueryValuesBecomeCrmValues() {
    assertThat(CrmValues.toCrm(FieldType.STRING, 42L)).isEqualTo("42");
    assertThat(CrmValues.toCrm(FieldType.STRING, new BigDecimal("1.50"))).isEqualTo("1.5");
    assertThat(CrmValues.toCrm(FieldType.STRING, LocalDate.parse("2027-01-31"))).isEqualTo("2027-01-31");
    assertThat(CrmValues.toCrm(FieldType.INTEGER, new BigDecimal("7.000"))).isEqualTo(7L);
    assertThat(CrmValues.toCrm(FieldType.INTEGER, "12")).isEqualTo(12L);
    assertThat(CrmValues.toCrm(FieldType.NUMBER, new BigDecimal("98765432109876543210.5"))).isEqualTo(9.876543210987654E19);
    assertThat(CrmValues.toCrm(FieldType.NUMBER, 3L)).isEqualTo(3.0);
    assertThat(CrmValues.toCrm(FieldType.BOOLEAN, "TRUE")).isEqualTo(true);
    assertThat(CrmValues.toCrm(FieldType.DATE, LocalDateTime.parse("2027-01-31T23:59:00"))).isEqualTo(LocalDate.parse("2027-01-31"));
    assertThat(CrmValues.toCrm(FieldType.DATE, Instant.parse("2027-01-31T10:00:00Z"))).isEqualTo(LocalDate.parse("2027-01-31"));
    assertThat(CrmValues.toCrm(FieldType.TIMESTAMP, LocalDateTime.parse("2026-11-23T10:00:00.1234567")))
        .isEqualTo(Instant.parse("2026-11-23T10:00:00.123456Z"));
    assertThat(CrmValues.toCrm(FieldType.TIMESTAMP, LocalDate.parse("2026-11-23"))).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(CrmValues.toCrm(FieldType.JSON, "{\"a\": [1, 2]}")).isEqualTo(Map.of("a", List.of(1, 2)));
    assertThat(CrmValues.toCrm(FieldType.ANY, new BigDecimal("2.5"))).isEqualTo(2.5);
    assertThat(CrmValues.toCrm(FieldType.ANY, LocalDateTime.parse("2026-11-23T10:00:00"))).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    for (FieldType type : FieldType.values()) {
      assertThat(CrmValues.toCrm(type, null)).as(type.name()).isNull();
    }
  }

  @Test
  void crmValuesBecomeBigQueryValues() {
    assertThat(CrmValues.toWarehouse(ColumnType.STRING, Map.of("b", 1, "a", 2))).isEqualTo("{\"a\":2,\"b\":1}");
    assertThat(CrmValues.toWarehouse(ColumnType.INT64, 7.0)).isEqualTo(7L);
    assertThat(CrmValues.toWarehouse(ColumnType.FLOAT64, 7L)).isEqualTo(7.0);
    assertThat(CrmValues.toWarehouse(ColumnType.NUMERIC, 1200.5)).isEqualTo(new BigDecimal("1200.5"));
    assertThat(CrmValues.toWarehouse(ColumnType.BIGNUMERIC, "12345678901234567890123456789012"))
        .isEqualTo(new BigDecimal("12345678901234567890123456789012"));
    assertThat(CrmValues.toWarehouse(ColumnType.BOOL, true)).isEqualTo(true);
    assertThat(CrmValues.toWarehouse(ColumnType.DATE, "2027-01-31")).isEqualTo(LocalDate.parse("2027-01-31"));
    assertThat(CrmValues.toWarehouse(ColumnType.DATETIME, Instant.parse("2026-11-23T10:00:00Z")))
        .isEqualTo(LocalDateTime.parse("2026-11-23T10:00:00"));
    assertThat(CrmValues.toWarehouse(ColumnType.TIMESTAMP, LocalDate.parse("2026-11-23"))).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(CrmValues.toWarehouse(ColumnType.JSON, List.of("x"))).isEqualTo("[\"x\"]");
    assertThat(CrmValues.toWarehouse(ColumnType.INT64, null)).isNull();
  }

  @Test
  void valuesThatDoNotConvertSayWhy() {
    assertThatThrownBy(() -> CrmValues.toCrm(FieldType.INTEGER, new BigDecimal("1.5"))).hasMessage("'1.5' is not a whole number");
    assertThatThrownBy(() -> CrmValues.toCrm(FieldType.BOOLEAN, "yes")).hasMessage("'yes' is not true or false");
    assertThatThrownBy(() -> CrmValues.toCrm(FieldType.JSON, "{oops")).hasMessage("'{oops' is not JSON");
    assertThatThrownBy(() -> CrmValues.toWarehouse(ColumnType.NUMERIC, Double.NaN)).hasMessage("'NaN' is not a number");
    assertThatThrownBy(() -> CrmValues.toWarehouse(ColumnType.BYTES, "x")).hasMessageContaining("cannot be written");
  }
}
