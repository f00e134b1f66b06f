package dev.bqsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every type through insertAll and back out through tabledata.list and queries, with NULLs, nesting and edges. */
class TypesRoundTripTest extends EmulatorTestSupport {
  private static final TableId ALL = TableId.of(PROJECT, "types", "all_types");
  private static final long BEYOND_2_53 = 9_007_199_254_740_993L;
  private static final String UNICODE = "Grüße, 東京 🚀 \"quoted\" 'single' \\ back";
  private static final Instant WHEN = Instant.parse("2026-03-29T01:30:00.123456Z");

  private static final Schema SCHEMA = Schema.of(
      Field.of("i", StandardSQLTypeName.INT64),
      Field.of("f", StandardSQLTypeName.FLOAT64),
      Field.of("b", StandardSQLTypeName.BOOL),
      Field.of("n", StandardSQLTypeName.NUMERIC),
      Field.of("bn", StandardSQLTypeName.BIGNUMERIC),
      Field.of("s", StandardSQLTypeName.STRING),
      Field.of("by", StandardSQLTypeName.BYTES),
      Field.of("d", StandardSQLTypeName.DATE),
      Field.of("dt", StandardSQLTypeName.DATETIME),
      Field.of("t", StandardSQLTypeName.TIME),
      Field.of("ts", StandardSQLTypeName.TIMESTAMP),
      Field.of("j", StandardSQLTypeName.JSON),
      Field.newBuilder("tags", StandardSQLTypeName.STRING).setMode(Field.Mode.REPEATED).build(),
      Field.of("address", StandardSQLTypeName.STRUCT,
          Field.of("city", StandardSQLTypeName.STRING),
          Field.of("zip", StandardSQLTypeName.INT64),
          Field.newBuilder("lines", StandardSQLTypeName.STRING).setMode(Field.Mode.REPEATED).build()),
      Field.newBuilder("visits", StandardSQLTypeName.STRUCT,
          Field.of("at", StandardSQLTypeName.TIMESTAMP),
          Field.of("pages", StandardSQLTypeName.INT64)).setMode(Field.Mode.REPEATED).build());

  @BeforeEach
  void table() {
    bigquery.create(DatasetInfo.of("types"));
    bigquery.create(TableInfo.of(ALL, StandardTableDefinition.of(SCHEMA)));
    Map<String, Object> full = new HashMap<>();
    full.put("i", BEYOND_2_53);
    full.put("f", 3.25);
    full.put("b", true);
    full.put("n", "12345678901234567890.123456789");
    full.put("bn", "98765432109876543210987654321098.5");
    full.put("s", UNICODE);
    full.put("by", Base64.getEncoder().encodeToString("bytes\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1)));
    full.put("d", "2026-03-29");
    full.put("dt", "2026-03-29T02:30:00.5");
    full.put("t", "23:59:59.999999");
    full.put("ts", "2026-03-29 01:30:00.123456 UTC");
    full.put("j", "{\"b\": [1, 2], \"a\": {\"x\": null}}");
    full.put("tags", List.of("vip", "beta"));
    full.put("address", Map.of("city", "Köln", "zip", 50667, "lines", List.of("Dom 1", "4th floor")));
    full.put("visits", List.of(Map.of("at", "2026-01-01T00:00:00Z", "pages", 3), Map.of("pages", 1)));
    Map<String, Object> empty = new HashMap<>();
    empty.put("i", 2);
    bigquery.insertAll(InsertAllRequest.newBuilder(ALL).addRow(full).addRow(empty).build());
  }

  private static void assertFullRow(FieldValueList row, boolean viaQuery) {
    assertThat(row.get("i").getLongValue()).isEqualTo(BEYOND_2_53);
    assertThat(row.get("f").getDoubleValue()).isEqualTo(3.25);
    assertThat(row.get("b").getBooleanValue()).isTrue();
    assertThat(row.get("n").getNumericValue()).isEqualByComparingTo(new BigDecimal("12345678901234567890.123456789"));
    assertThat(row.get("bn").getNumericValue()).isEqualByComparingTo(new BigDecimal("98765432109876543210987654321098.5"));
    assertThat(row.get("s").getStringValue()).isEqualTo(UNICODE);
    assertThat(new String(row.get("by").getBytesValue(), StandardCharsets.ISO_8859_1)).isEqualTo("bytes\u0000\u00ff");
    assertThat(row.get("d").getStringValue()).isEqualTo("2026-03-29");
    assertThat(row.get("dt").getStringValue()).isEqualTo("2026-03-29T02:30:00.500000");
    assertThat(row.get("t").getStringValue()).isEqualTo("23:59:59.999999");
    assertThat(row.get("ts").getTimestampInstant()).isEqualTo(WHEN);
    assertThat(row.get("j").getStringValue()).isEqualTo("{\"b\":[1,2],\"a\":{\"x\":null}}");
    assertThat(row.get("tags").getRepeatedValue()).extracting(FieldValue::getStringValue).containsExactly("vip", "beta");
    FieldValueList address = row.get("address").getRecordValue();
    assertThat(address.get(0).getStringValue()).isEqualTo("Köln");
    assertThat(address.get(1).getLongValue()).isEqualTo(50667);
    assertThat(address.get(2).getRepeatedValue()).extracting(FieldValue::getStringValue).containsExactly("Dom 1", "4th floor");
    List<FieldValue> visits = row.get("visits").getRepeatedValue();
    assertThat(visits).hasSize(2);
    assertThat(visits.get(0).getRecordValue().get(0).getTimestampInstant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(visits.get(1).getRecordValue().get(0).isNull()).isTrue();
    assertThat(visits.get(1).getRecordValue().get(1).getLongValue()).isEqualTo(1);
  }

  private static void assertNullRow(FieldValueList row) {
    assertThat(row.get("i").getLongValue()).isEqualTo(2);
    for (String column : List.of("f", "b", "n", "bn", "s", "by", "d", "dt", "t", "ts", "j", "address")) {
      assertThat(row.get(column).isNull()).as(column).isTrue();
    }
    assertThat(row.get("tags").getRepeatedValue()).isEmpty();
    assertThat(row.get("visits").getRepeatedValue()).isEmpty();
  }

  @Test
  void everyTypeSurvivesTabledataList() {
    // google-cloud-bigquery 2.67 never asks tabledata.list for int64 timestamps (it sends no
    // formatOptions there), so float seconds is the only form this call sees, from BigQuery too.
    TableResult result = bigquery.listTableData(ALL, SCHEMA);

    List<FieldValueList> rows = result.streamAll().toList();
    assertThat(rows).hasSize(2);
    assertFullRow(rows.get(0), false);
    assertNullRow(rows.get(1));
  }

  @ParameterizedTest(name = "useInt64Timestamp={0}")
  @ValueSource(booleans = {false, true})
  void everyTypeSurvivesAQueryWithItsSchema(boolean int64Timestamps) throws Exception {
    BigQuery client = client(int64Timestamps, Duration.ofSeconds(20));

    TableResult result = client.query(QueryJobConfiguration.of("SELECT * FROM types.all_types ORDER BY i DESC"));

    FieldList fields = result.getSchema().getFields();
    assertThat(fields).extracting(f -> f.getName() + ":" + f.getType().getStandardType() + ":" + f.getMode())
        .containsExactly("i:INT64:NULLABLE", "f:FLOAT64:NULLABLE", "b:BOOL:NULLABLE", "n:NUMERIC:NULLABLE",
            "bn:BIGNUMERIC:NULLABLE", "s:STRING:NULLABLE", "by:BYTES:NULLABLE", "d:DATE:NULLABLE",
            "dt:DATETIME:NULLABLE", "t:TIME:NULLABLE", "ts:TIMESTAMP:NULLABLE", "j:JSON:NULLABLE",
            "tags:STRING:REPEATED", "address:STRUCT:NULLABLE", "visits:STRUCT:REPEATED");
    List<FieldValueList> rows = result.streamAll().toList();
    assertFullRow(rows.get(0), true);
    assertNullRow(rows.get(1));
  }

  @Test
  void tabledataListAnswersInt64MicrosWhenAskedOverHttp() throws Exception {
    java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.endpoint()
            + "/bigquery/v2/projects/" + PROJECT + "/datasets/types/tables/all_types/data"
            + "?maxResults=1&selectedFields=ts&formatOptions.useInt64Timestamp=true")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).contains("\"v\":\"1774747800123456\"");
  }

  @Test
  void everyTypeGoesInAsAQueryParameterAndComesBackOut() throws Exception {
    QueryJobConfiguration query = QueryJobConfiguration.newBuilder(
            "SELECT @i AS i, @f AS f, @b AS b, @n AS n, @s AS s, @by AS by, @d AS d, @dt AS dt, @ts AS ts, "
                + "@j AS j, @arr AS arr, @nothing AS nothing")
        .addNamedParameter("i", QueryParameterValue.int64(BEYOND_2_53))
        .addNamedParameter("f", QueryParameterValue.float64(-0.5))
        .addNamedParameter("b", QueryParameterValue.bool(false))
        .addNamedParameter("n", QueryParameterValue.numeric(new BigDecimal("-0.000000001")))
        .addNamedParameter("s", QueryParameterValue.string(UNICODE + "'); DROP TABLE types.all_types; --"))
        .addNamedParameter("by", QueryParameterValue.bytes(new byte[] {0, 1, (byte) 0xfe}))
        .addNamedParameter("d", QueryParameterValue.date("2024-02-29"))
        .addNamedParameter("dt", QueryParameterValue.dateTime("2024-02-29 12:00:00.000001"))
        .addNamedParameter("ts", QueryParameterValue.timestamp(1_711_000_000_123_456L))
        .addNamedParameter("j", QueryParameterValue.json("{\"k\": 1}"))
        .addNamedParameter("arr", QueryParameterValue.array(new Long[] {3L, 1L, 2L}, StandardSQLTypeName.INT64))
        .addNamedParameter("nothing", QueryParameterValue.of(null, StandardSQLTypeName.STRING))
        .build();

    FieldValueList row = bigquery.query(query).iterateAll().iterator().next();

    assertThat(row.get("i").getLongValue()).isEqualTo(BEYOND_2_53);
    assertThat(row.get("f").getDoubleValue()).isEqualTo(-0.5);
    assertThat(row.get("b").getBooleanValue()).isFalse();
    assertThat(row.get("n").getNumericValue()).isEqualByComparingTo("-0.000000001");
    assertThat(row.get("s").getStringValue()).isEqualTo(UNICODE + "'); DROP TABLE types.all_types; --");
    assertThat(row.get("by").getBytesValue()).containsExactly(0, 1, 0xfe);
    assertThat(row.get("d").getStringValue()).isEqualTo("2024-02-29");
    assertThat(row.get("dt").getStringValue()).isEqualTo("2024-02-29T12:00:00.000001");
    assertThat(row.get("ts").getTimestampValue()).isEqualTo(1_711_000_000_123_456L);
    assertThat(row.get("j").getStringValue()).isEqualTo("{\"k\":1}");
    assertThat(row.get("arr").getRepeatedValue()).extracting(FieldValue::getLongValue).containsExactly(3L, 1L, 2L);
    assertThat(row.get("nothing").isNull()).isTrue();
    assertThat(bigquery.getTable(ALL)).isNotNull();
  }
}
