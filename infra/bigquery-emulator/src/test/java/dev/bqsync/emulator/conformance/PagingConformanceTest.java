package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Paging: maxResults, pageToken and startIndex, as jobs.query, getQueryResults and tabledata.list page. */
class PagingConformanceTest extends ConformanceSupport {
  private static final TableId NUMBERS = TableId.of(PROJECT, "d", "numbers");

  @BeforeEach
  void numbers() {
    run("CREATE TABLE d.numbers AS SELECT n FROM UNNEST(GENERATE_ARRAY(1, 25)) AS n");
  }

  @Test
  @DisplayName("the first page of a query holds at most maxResults rows; totalRows counts them all; pages follow in order")
  void queryPages() throws Exception {
    TableResult first = bigquery.query(QueryJobConfiguration.newBuilder("SELECT n FROM d.numbers ORDER BY n")
        .setMaxResults(10L).build());

    assertThat(first.getTotalRows()).isEqualTo(25);
    assertThat(first.getValues()).hasSize(10);
    assertThat(first.hasNextPage()).isTrue();
    List<Long> all = first.streamAll().map(r -> r.get(0).getLongValue()).toList();
    assertThat(all).hasSize(25).isSorted().first().isEqualTo(1L);
  }

  @Test
  @DisplayName("tabledata.list pages by pageToken and starts at startIndex")
  void tableDataPages() {
    var page = bigquery.listTableData(NUMBERS, BigQuery.TableDataListOption.pageSize(10));
    var fromTwenty = bigquery.listTableData(NUMBERS, BigQuery.TableDataListOption.startIndex(20),
        BigQuery.TableDataListOption.pageSize(100));

    assertThat(page.getValues()).hasSize(10);
    assertThat(page.getNextPageToken()).isNotNull();
    assertThat(page.streamAll().count()).isEqualTo(25);
    assertThat(fromTwenty.getValues()).hasSize(5);
    assertThat(fromTwenty.getNextPageToken()).isNull();
  }
}
