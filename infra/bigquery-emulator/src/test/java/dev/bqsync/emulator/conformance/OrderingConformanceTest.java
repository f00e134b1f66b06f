package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ORDER BY, as BigQuery documents it: NULLs first ascending, last descending, wherever ORDER BY appears. */
class OrderingConformanceTest extends ConformanceSupport {
  private List<String> column(String sql) throws InterruptedException {
    return rows(sql).stream().map(r -> r.get(0).isNull() ? "NULL" : r.get(0).getStringValue()).toList();
  }

  @Test
  @DisplayName("ORDER BY ... ASC puts NULLs first (NULLS FIRST is the default for ASC)")
  void nullsFirstAscending() throws Exception {
    run("CREATE TABLE d.keys (k INT64)");
    run("INSERT INTO d.keys (k) VALUES (2), (NULL), (1)");

    assertThat(column("SELECT k FROM d.keys ORDER BY k")).containsExactly("NULL", "1", "2");
    assertThat(column("SELECT k FROM d.keys ORDER BY k ASC")).containsExactly("NULL", "1", "2");
  }

  @Test
  @DisplayName("ORDER BY ... DESC puts NULLs last (NULLS LAST is the default for DESC)")
  void nullsLastDescending() throws Exception {
    run("CREATE TABLE d.keys (k STRING)");
    run("INSERT INTO d.keys (k) VALUES ('b'), (NULL), ('a')");

    assertThat(column("SELECT k FROM d.keys ORDER BY k DESC")).containsExactly("b", "a", "NULL");
  }

  @Test
  @DisplayName("explicit NULLS LAST / NULLS FIRST override the default")
  void explicitNullOrder() throws Exception {
    assertThat(column("SELECT k FROM UNNEST([2, NULL, 1]) AS k ORDER BY k ASC NULLS LAST"))
        .containsExactly("1", "2", "NULL");
    assertThat(column("SELECT k FROM UNNEST([2, NULL, 1]) AS k ORDER BY k DESC NULLS FIRST"))
        .containsExactly("NULL", "2", "1");
  }

  @Test
  @DisplayName("window ORDER BY and ARRAY_AGG(... ORDER BY) follow the same NULL order")
  void nullOrderInWindowsAndAggregates() throws Exception {
    assertThat(column("SELECT k FROM (SELECT k, ROW_NUMBER() OVER (ORDER BY k) AS n FROM UNNEST([2, NULL, 1]) AS k) "
        + "WHERE n = 1")).containsExactly("NULL");
    assertThat(value("SELECT TO_JSON_STRING(ARRAY_AGG(IFNULL(k, 0) ORDER BY k DESC)) FROM UNNEST([2, NULL, 1]) AS k"))
        .isEqualTo("[2,1,0]");
  }
}
