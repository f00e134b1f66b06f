package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * TIMESTAMP and DATETIME query parameters compared with columns, as a time-keyed usage pull does:
 * BigQuery compares TIMESTAMPs as absolute instants at microseconds (a zone written in a literal
 * only says which instant it is) and DATETIMEs as wall times at microseconds, with no zone at all.
 */
class TimeParametersConformanceTest extends ConformanceSupport {
  private List<Long> ids(String sql, String name, QueryParameterValue value) throws Exception {
    return bigquery.query(QueryJobConfiguration.newBuilder(sql).addNamedParameter(name, value).build()).streamAll()
        .map(r -> r.get(0).getLongValue()).toList();
  }

  @Test
  @DisplayName("a TIMESTAMP parameter compares with a TIMESTAMP column at microseconds, as an instant in UTC")
  void timestampParametersCompareAtMicroseconds() throws Exception {
    run("CREATE TABLE d.t (id INT64, ts TIMESTAMP)");
    run("INSERT INTO d.t VALUES (1, TIMESTAMP '2026-11-23 10:15:30.123455 UTC'), "
        + "(2, TIMESTAMP '2026-11-23 10:15:30.123456 UTC'), (3, TIMESTAMP '2026-11-23 12:15:30.123457+02:00'), "
        + "(4, TIMESTAMP '2026-11-23 10:15:30.123457 UTC'), (5, TIMESTAMP '1970-01-01 00:00:00 UTC'), "
        + "(6, TIMESTAMP '0001-01-01 00:00:00 UTC'), (7, TIMESTAMP '9999-12-31 23:59:59.999999 UTC'), "
        + "(8, TIMESTAMP '1969-12-31 23:59:59.999999 UTC')");
    // 2026-11-23T10:15:30.123456Z in microseconds since the epoch
    long micros = 1_795_428_930_123_456L;

    String sql = "SELECT id FROM d.t WHERE ts %s @at ORDER BY id";
    assertThat(ids(sql.formatted("="), "at", QueryParameterValue.timestamp(micros))).containsExactly(2L);
    assertThat(ids(sql.formatted(">"), "at", QueryParameterValue.timestamp(micros)))
        .as("12:15:30.123457+02:00 is 10:15:30.123457 UTC, one microsecond later").containsExactly(3L, 4L, 7L);
    assertThat(ids(sql.formatted(">="), "at", QueryParameterValue.timestamp(micros))).containsExactly(2L, 3L, 4L, 7L);
    assertThat(ids(sql.formatted("<"), "at", QueryParameterValue.timestamp(micros))).containsExactly(1L, 5L, 6L, 8L);
    assertThat(ids(sql.formatted("="), "at", QueryParameterValue.timestamp(-1L)))
        .as("a microsecond before the epoch").containsExactly(8L);
    assertThat(ids(sql.formatted("<"), "at", QueryParameterValue.timestamp(0L))).containsExactly(6L, 8L);
    assertThat(ids(sql.formatted("="), "at", QueryParameterValue.timestamp(0L))).containsExactly(5L);
    assertThat(ids(sql.formatted("="), "at", QueryParameterValue.timestamp(-62_135_596_800_000_000L)))
        .as("the smallest TIMESTAMP").containsExactly(6L);
    assertThat(ids(sql.formatted("="), "at", QueryParameterValue.timestamp(253_402_300_799_999_999L)))
        .as("the largest TIMESTAMP").containsExactly(7L);
    assertThat(ids(sql.formatted("="), "at", QueryParameterValue.timestamp("2026-11-23 12:15:30.123457+02")))
        .as("a parameter given with an offset is the same instant").containsExactly(3L, 4L);
  }

  @Test
  @DisplayName("a DATETIME parameter compares with a DATETIME column at microseconds, as wall time without a zone")
  void datetimeParametersCompareAtMicroseconds() throws Exception {
    run("CREATE TABLE d.t (id INT64, ts DATETIME)");
    run("INSERT INTO d.t VALUES (1, DATETIME '2026-11-23 10:15:30.123455'), (2, DATETIME '2026-11-23 10:15:30.123456'), "
        + "(3, DATETIME '2026-11-23 10:15:30.123457'), (4, DATETIME '0001-01-01 00:00:00'), "
        + "(5, DATETIME '9999-12-31 23:59:59.999999')");

    String sql = "SELECT id FROM d.t WHERE ts %s @at ORDER BY id";
    QueryParameterValue at = QueryParameterValue.dateTime("2026-11-23 10:15:30.123456");
    assertThat(ids(sql.formatted("="), "at", at)).containsExactly(2L);
    assertThat(ids(sql.formatted(">"), "at", at)).containsExactly(3L, 5L);
    assertThat(ids(sql.formatted(">="), "at", at)).containsExactly(2L, 3L, 5L);
    assertThat(ids(sql.formatted("<"), "at", at)).containsExactly(1L, 4L);
    assertThat(ids(sql.formatted("="), "at", QueryParameterValue.dateTime("0001-01-01 00:00:00.000000")))
        .containsExactly(4L);
    assertThat(ids(sql.formatted("="), "at", QueryParameterValue.dateTime("9999-12-31 23:59:59.999999")))
        .containsExactly(5L);
  }

  @Test
  @DisplayName("(time, tie-break) resumption: key > @t OR (key = @t AND tie > @tie), ordered by both, keeps equal times in tie order")
  void resumingInsideEqualTimes() throws Exception {
    run("CREATE TABLE d.t (id INT64, ts TIMESTAMP, wall DATETIME)");
    run("INSERT INTO d.t VALUES (3, TIMESTAMP '2026-11-23 10:15:30.123456 UTC', DATETIME '2026-11-23 10:15:30.123456'), "
        + "(1, TIMESTAMP '2026-11-23 10:15:30.123456 UTC', DATETIME '2026-11-23 10:15:30.123456'), "
        + "(2, TIMESTAMP '2026-11-23 10:15:30.123456 UTC', DATETIME '2026-11-23 10:15:30.123456'), "
        + "(0, TIMESTAMP '2026-11-23 10:15:30.123457 UTC', DATETIME '2026-11-23 10:15:30.123457')");

    List<FieldValueList> after = bigquery.query(QueryJobConfiguration.newBuilder(
            "SELECT id, ts FROM d.t WHERE ts > @at OR (ts = @at AND id > @tie) ORDER BY ts, id")
        .addNamedParameter("at", QueryParameterValue.timestamp(1_795_428_930_123_456L))
        .addNamedParameter("tie", QueryParameterValue.int64(1L)).build()).streamAll().toList();
    assertThat(after).extracting(r -> r.get(0).getLongValue()).containsExactly(2L, 3L, 0L);
    assertThat(after.get(0).get(1).getTimestampValue()).as("microseconds come back exact").isEqualTo(1_795_428_930_123_456L);

    List<FieldValueList> wall = bigquery.query(QueryJobConfiguration.newBuilder(
            "SELECT id, wall FROM d.t WHERE wall > @at OR (wall = @at AND id > @tie) ORDER BY wall, id")
        .addNamedParameter("at", QueryParameterValue.dateTime("2026-11-23 10:15:30.123456"))
        .addNamedParameter("tie", QueryParameterValue.int64(2L)).build()).streamAll().toList();
    assertThat(wall).extracting(r -> r.get(0).getLongValue()).containsExactly(3L, 0L);
    assertThat(wall.get(0).get(1).getStringValue()).isEqualTo("2026-11-23T10:15:30.123456");
  }
}
