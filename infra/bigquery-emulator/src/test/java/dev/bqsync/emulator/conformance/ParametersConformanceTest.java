package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Query parameters: typed values, never SQL; named and positional; ARRAY and STRUCT. */
class ParametersConformanceTest extends ConformanceSupport {
  @Test
  @DisplayName("named parameters keep their declared types")
  void namedScalarParameters() throws Exception {
    FieldValueList row = bigquery.query(QueryJobConfiguration.newBuilder(
            "SELECT @n + 1 AS n, @amount * 2 AS amount, @flag AS flag, @day AS day, @text AS text")
        .addNamedParameter("n", QueryParameterValue.int64(41L))
        .addNamedParameter("amount", QueryParameterValue.numeric(new BigDecimal("1.25")))
        .addNamedParameter("flag", QueryParameterValue.bool(true))
        .addNamedParameter("day", QueryParameterValue.date("2026-03-29"))
        .addNamedParameter("text", QueryParameterValue.string("it's; DROP TABLE d.x"))
        .build()).streamAll().toList().get(0);

    assertThat(row.get("n").getLongValue()).isEqualTo(42);
    assertThat(row.get("amount").getNumericValue()).isEqualByComparingTo("2.5");
    assertThat(row.get("flag").getBooleanValue()).isTrue();
    assertThat(row.get("day").getStringValue()).isEqualTo("2026-03-29");
    assertThat(row.get("text").getStringValue()).as("a value never becomes SQL").isEqualTo("it's; DROP TABLE d.x");
  }

  @Test
  @DisplayName("positional parameters (?) bind in order")
  void positionalParameters() throws Exception {
    FieldValueList row = bigquery.query(QueryJobConfiguration.newBuilder("SELECT ? AS a, ? AS b")
        .addPositionalParameter(QueryParameterValue.string("first"))
        .addPositionalParameter(QueryParameterValue.int64(2L)).build()).streamAll().toList().get(0);

    assertThat(row.get("a").getStringValue()).isEqualTo("first");
    assertThat(row.get("b").getLongValue()).isEqualTo(2);
  }

  @Test
  @DisplayName("UNNEST(@rows) of ARRAY<STRUCT> exposes the struct fields as columns; x IN UNNEST(@list) tests membership")
  void arrayParameters() throws Exception {
    QueryParameterValue rows = QueryParameterValue.array(new QueryParameterValue[] {
        QueryParameterValue.struct(Map.of("k", QueryParameterValue.string("a"), "v", QueryParameterValue.int64(1L))),
        QueryParameterValue.struct(Map.of("k", QueryParameterValue.string("b"), "v", QueryParameterValue.int64(2L)))},
        StandardSQLTypeName.STRUCT);

    List<FieldValueList> found = bigquery.query(QueryJobConfiguration.newBuilder(
            "SELECT k, v FROM UNNEST(@rows) WHERE k IN UNNEST(@keys) ORDER BY k")
        .addNamedParameter("rows", rows)
        .addNamedParameter("keys", QueryParameterValue.array(new String[] {"b", "z"}, StandardSQLTypeName.STRING))
        .build()).streamAll().toList();

    assertThat(found).extracting(r -> r.get("k").getStringValue() + r.get("v").getLongValue()).containsExactly("b2");
  }

  @Test
  @DisplayName("a parameter the query names but the request does not give is invalidQuery")
  void missingParameter() {
    assertRefused(() -> bigquery.query(QueryJobConfiguration.newBuilder("SELECT @nope").build()), "invalidQuery",
        "Query parameter 'nope' not found");
  }
}
