package dev.bqsync.core.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bqsync.core.config.FieldType;
import dev.bqsync.core.usage.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values as the target holds them (issue 13, "never converging"): the pure rules, one by one. */
class FieldConversionTest {
  private static FieldConversion conversion(FieldType field, ColumnType column) {
    return new FieldConversion("f", "c", field, column, false, ZoneOffset.UTC);
  }

  @Test
  void aSentValueIsComparedAsTheColumnHoldsIt() {
    FieldConversion numeric = conversion(FieldType.NUMBER, ColumnType.NUMERIC);
    assertThat(numeric.sent(0.30000000000000004)).isEqualTo(numeric.compared(0.3));
    assertThat(numeric.loss(0.30000000000000004, numeric.sent(0.30000000000000004))).hasValueSatisfying(l ->
        assertThat(l.says()).startsWith("f -> c: NUMERIC keeps 9 decimal places, so 0.30000000000000004 is held as 0.3"));
    assertThat(numeric.loss(0.25, numeric.sent(0.25))).isEmpty();
    FieldConversion float64 = conversion(FieldType.INTEGER, ColumnType.FLOAT64);
    assertThat(float64.sent(9007199254740993L)).isEqualTo(float64.compared(9007199254740992L));
    assertThat(conversion(FieldType.NUMBER, ColumnType.NUMERIC).sent(new BigDecimal("0.0000000005")))
        .as("half away from zero, as BigQuery casts").isEqualTo("n:0.000000001");
  }

  @Test
  void customValuesCompareAsTheColumnHoldsThemAndKeepTheCrmsType() {
    FieldConversion text = conversion(FieldType.ANY, ColumnType.STRING);
    assertThat(text.compared(42L)).isEqualTo(text.compared("42"));
    assertThat(text.fromCell("43", 42L)).isEqualTo(43L);
    assertThat(text.fromCell("2.5", 42L)).as("not a whole number: arrives as it is").isEqualTo("2.5");
    assertThat(text.fromCell("{\"a\":1}", Map.of("a", 0))).isEqualTo(Map.of("a", 1));
    assertThat(text.fromCell("yes", null)).isEqualTo("yes");
    FieldConversion date = conversion(FieldType.ANY, ColumnType.DATE);
    assertThat(date.fromCell(java.time.LocalDate.parse("2026-01-02"), null)).isEqualTo("2026-01-02");
    assertThat(date.compared("2026-01-02")).isEqualTo(date.compared(java.time.LocalDate.parse("2026-01-02")));
    FieldConversion json = conversion(FieldType.ANY, ColumnType.JSON);
    assertThat(json.fromCell("{\"b\":1,\"a\":[2]}", null)).isEqualTo(Map.of("a", List.of(2), "b", 1));
    assertThat(json.compared(Map.of("b", 1L, "a", List.of(2L)))).isEqualTo(json.compared(json.fromCell("{\"a\":[2],\"b\":1}", null)));
  }

  @Test
  void jsonScalarsAreValuesLikeAnyOther() {
    FieldConversion json = conversion(FieldType.JSON, ColumnType.JSON);
    assertThat(json.fromCell("\"text\"", null)).isEqualTo("text");
    assertThat(json.toCell("text")).isEqualTo("\"text\"");
    assertThat(json.compared("text")).isEqualTo(json.compared(json.fromCell("\"text\"", null)));
    FieldConversion text = conversion(FieldType.JSON, ColumnType.STRING);
    assertThat(text.toCell("text")).isEqualTo("\"text\"");
    assertThat(text.fromCell(text.toCell("text"), null)).isEqualTo("text");
    assertThatThrownBy(() -> text.fromCell("", null)).hasMessage("empty text is not JSON: store NULL or JSON text in "
        + "the column");
  }

  @Test
  void aTimestampIntoADateIsThatDayInTheTenantsTimeZone() {
    FieldConversion berlin = new FieldConversion("f", "c", FieldType.DATE, ColumnType.TIMESTAMP, false,
        ZoneId.of("Europe/Berlin"));
    assertThat(berlin.fromCell(Instant.parse("2026-01-01T23:30:00Z"), null)).hasToString("2026-01-02");
    assertThat(conversion(FieldType.DATE, ColumnType.TIMESTAMP).fromCell(Instant.parse("2026-01-01T23:30:00Z"), null))
        .hasToString("2026-01-01");
  }

  @Test
  void doublesBecomeTextAsJavaScriptPrintsThem() {
    FieldConversion text = conversion(FieldType.STRING, ColumnType.FLOAT64);
    assertThat(text.fromCell(1e10, null)).isEqualTo("10000000000");
    assertThat(text.fromCell(0.1, null)).isEqualTo("0.1");
    assertThat(text.fromCell(42.0, null)).isEqualTo("42");
    assertThat(text.fromCell(1e21, null)).isEqualTo("1E+21");
    assertThat(text.fromCell(1e-8, null)).isEqualTo("1E-8");
  }

  @Test
  void aNullForARequiredColumnSaysWhatToChange() {
    FieldConversion required = new FieldConversion("name", "name", FieldType.STRING, ColumnType.STRING, true,
        ZoneOffset.UTC);
    assertThatThrownBy(() -> required.toCell(null)).isInstanceOf(ConversionException.class)
        .hasMessage("column name is REQUIRED in BigQuery and name is empty: give the CRM record a value, make the "
            + "column NULLABLE, or make the field RECEIVE");
  }

  @Test
  void aCellTheCrmHoldsAsANearerDoubleIsSaidOnTheReceiveSide() {
    FieldConversion number = new FieldConversion("mrr", "amount", FieldType.NUMBER, ColumnType.INT64, false,
        ZoneOffset.UTC);
    Object held = number.fromCell(9007199254740993L, null);
    assertThat(held).isEqualTo(9007199254740992.0);
    assertThat(number.receivedLoss(9007199254740993L, held)).hasValueSatisfying(l -> assertThat(l.says())
        .startsWith("amount -> mrr: the CRM keeps numbers as doubles").contains("9007199254740993 is held as"));
    assertThat(number.receivedLoss(new BigDecimal("0.1"), 0.1)).as("0.1 reads back as 0.1").isEmpty();
    assertThat(conversion(FieldType.INTEGER, ColumnType.INT64).receivedLoss(7L, 7L)).isEmpty();
  }

  @Test
  void aWholeNumberFloat64HoldsBeyondALongIsComparedAsTheColumnHoldsIt() {
    FieldConversion float64 = conversion(FieldType.INTEGER, ColumnType.FLOAT64);
    assertThat(float64.sent(Long.MAX_VALUE)).as("2^63 is no long: compared in the column's terms")
        .isEqualTo(float64.cellText(9.223372036854775807E18, Long.MAX_VALUE));
    assertThat(float64.sent(42L)).isEqualTo(float64.cellText(42.0, 42L));
  }

  @Test
  void timesAndDatesAsTextReadAsTheirColumnsDo() {
    assertThat(CrmValues.instant("2026-01-02")).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(CrmValues.date("2026-01-01T23:30:00Z", ZoneId.of("Europe/Berlin"))).hasToString("2026-01-02");
    assertThat(CrmValues.date("2026-01-01 23:30:00", ZoneId.of("Europe/Berlin"))).as("a wall time is its day")
        .hasToString("2026-01-01");
    assertThat(CrmValues.text(java.time.LocalDateTime.parse("2026-01-01T23:30"))).isEqualTo("2026-01-01T23:30:00");
    assertThatThrownBy(() -> CrmValues.date(Instant.parse("9999-12-31T23:30:00Z"), ZoneId.of("Europe/Berlin")))
        .isInstanceOf(ConversionException.class).hasMessageContaining("outside the dates 0001-01-01 to 9999-12-31");
  }

  @Test
  void jsonTextWithTrailingTextIsNotJsonAndTimesAreTheirText() {
    assertThatThrownBy(() -> CrmValues.jsonFromText("2026-01-02")).isInstanceOf(ConversionException.class)
        .hasMessageContaining("is not JSON");
    assertThat(CrmValues.jsonOf(Instant.parse("2026-01-01T23:30:00Z"))).isEqualTo("\"2026-01-01T23:30:00Z\"");
  }

  @Test
  void aTypedFieldSentToAStringColumnMustHoldItsType() {
    assertThatThrownBy(() -> conversion(FieldType.DATE, ColumnType.STRING).toCell("2026-02-30"))
        .isInstanceOf(ConversionException.class).hasMessageContaining("is not a date");
    assertThat(conversion(FieldType.NUMBER, ColumnType.STRING).toCell(1e10)).isEqualTo("10000000000");
  }
}
