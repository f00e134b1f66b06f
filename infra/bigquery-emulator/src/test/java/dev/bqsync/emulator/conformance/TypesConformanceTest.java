package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.TableId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Data types: ranges and the text forms BigQuery accepts. */
class TypesConformanceTest extends ConformanceSupport {
  private static final TableId EVENTS = TableId.of(PROJECT, "d", "events");

  private InsertAllResponse insert(Object at) {
    return bigquery.insertAll(InsertAllRequest.newBuilder(EVENTS).addRow(Map.of("id", 1, "happened_at", at)).build());
  }

  @Test
  @DisplayName("TIMESTAMP ranges from 0001-01-01 00:00:00 to 9999-12-31 23:59:59.999999 UTC, stored and read back")
  void theWholeTimestampRange() throws Exception {
    run("CREATE TABLE d.events (id INT64, happened_at TIMESTAMP)");
    run("INSERT INTO d.events (id, happened_at) VALUES (1, TIMESTAMP '0001-01-01 00:00:00+00'), "
        + "(2, TIMESTAMP '9999-12-31 23:59:59.999999+00'), (3, TIMESTAMP '2026-01-01 00:00:00+00')");

    List<FieldValueList> read = rows("SELECT happened_at FROM d.events ORDER BY id");
    List<FieldValueList> listed = bigquery.listTableData(EVENTS).streamAll().toList();

    assertThat(read).extracting(r -> r.get(0).getTimestampValue())
        .containsExactly(-62135596800000000L, 253402300799999999L, 1767225600000000L);
    assertThat(listed).hasSize(3);
    assertThat(value("SELECT CAST(MIN(happened_at) AS STRING) FROM d.events")).startsWith("0001-01-01 00:00:00");
  }

  @Test
  @DisplayName("insertAll accepts CRM sentinels at the ends of the range (0001-01-01, 9999-12-31)")
  void sentinelsThroughInsertAll() throws Exception {
    run("CREATE TABLE d.events (id INT64, happened_at TIMESTAMP)");

    assertThat(insert("0001-01-01 00:00:00").hasErrors()).isFalse();
    assertThat(insert("9999-12-31 23:59:59.999999 UTC").hasErrors()).isFalse();

    assertThat(rows("SELECT UNIX_MICROS(happened_at) FROM d.events ORDER BY happened_at"))
        .extracting(r -> r.get(0).getLongValue()).containsExactly(-62135596800000000L, 253402300799999999L);
  }

  @Test
  @DisplayName("insertAll accepts TIMESTAMP text with a space before the offset, T or space, Z, UTC and zone names")
  void timestampTextForms() throws Exception {
    run("CREATE TABLE d.events (id INT64, happened_at TIMESTAMP)");
    for (String text : List.of("2014-08-19 07:41:35.220 -05:00", "2014-08-19T12:41:35.220Z", "2014-08-19 12:41:35.220 UTC",
        "2014-08-19 12:41:35.220", "2014-08-19 05:41:35.220 America/Los_Angeles", "2014-08-19T07:41:35.220-05:00",
        "1408452095.220")) {
      assertThat(insert(text).getInsertErrors()).as(text).isEmpty();
    }

    assertThat(rows("SELECT DISTINCT UNIX_MILLIS(happened_at) FROM d.events")).extracting(r -> r.get(0).getLongValue())
        .containsExactly(1408452095220L);
  }

  @Test
  @DisplayName("a TIMESTAMP outside the range is refused with the row's error, not stored")
  void outOfRangeTimestampsAreRefused() throws Exception {
    run("CREATE TABLE d.events (id INT64, happened_at TIMESTAMP)");

    InsertAllResponse response = insert("10000-01-01 00:00:00");

    assertThat(response.getInsertErrors().get(0L)).singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("invalid"));
    assertThat(rows("SELECT * FROM d.events")).isEmpty();
  }

  @Test
  @DisplayName("TIMESTAMP query parameters cover the whole range")
  void timestampParametersAtTheEnds() throws Exception {
    FieldValueList row = bigquery.query(QueryJobConfiguration.newBuilder("SELECT @lo AS lo, @hi AS hi")
        .addNamedParameter("lo", QueryParameterValue.timestamp("0001-01-01 00:00:00.000000+00:00"))
        .addNamedParameter("hi", QueryParameterValue.timestamp("9999-12-31 23:59:59.999999+00:00"))
        .build()).streamAll().toList().get(0);

    assertThat(row.get("lo").getTimestampValue()).isEqualTo(-62135596800000000L);
    assertThat(row.get("hi").getTimestampValue()).isEqualTo(253402300799999999L);
  }
}
