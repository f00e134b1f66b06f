package dev.bqsync.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.usage.ColumnType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetupSuggestionsTest {
  private static TableDetail table(CatalogColumn... columns) {
    return new TableDetail(new TableSummary(new TableRef("acme-analytics", "usage", "events"), "TABLE", 10L, null), List.of(columns));
  }

  private static CatalogColumn col(String name, ColumnType type) {
    return new CatalogColumn(name, type, "NULLABLE", null);
  }

  private static KeyCandidate find(List<KeyCandidate> candidates, String column) {
    return candidates.stream().filter(c -> c.column().equals(column)).findFirst().orElseThrow();
  }

  @Test
  void aRepeatingTimeIsSuitableWithTheBestUniqueTieBreak() {
    TableDetail t = table(col("loaded_at", ColumnType.TIMESTAMP), col("note", ColumnType.STRING),
        col("row_id", ColumnType.INT64), col("other_id", ColumnType.STRING));
    TableProfile p = new TableProfile(10, Map.of("loaded_at", new ColumnProfile("loaded_at", 4, 0, null),
        "note", new ColumnProfile("note", 2, 0, 3L), "row_id", new ColumnProfile("row_id", 10, 0, null),
        "other_id", new ColumnProfile("other_id", 10, 0, 10L)), 100);

    List<KeyCandidate> cursors = SetupSuggestions.cursors(t, p);

    KeyCandidate time = find(cursors, "loaded_at");
    assertThat(time.suitable()).isTrue();
    assertThat(time.tieBreak()).as("unique, never NULL, and named like an id").isIn("row_id", "other_id");
    assertThat(time.reason()).contains("6 rows share a time");
    assertThat(find(cursors, "row_id").tieBreak()).isNull();
    assertThat(find(cursors, "note").suitable()).as("3 values are not digits, and it repeats").isFalse();
  }

  @Test
  void aTimeWithoutAnyUniqueColumnOrWithNullsIsNotSuitableAndSaysWhy() {
    TableDetail t = table(col("event_time", ColumnType.DATETIME), col("kind", ColumnType.STRING));
    TableProfile p = new TableProfile(5, Map.of("event_time", new ColumnProfile("event_time", 5, 1, null),
        "kind", new ColumnProfile("kind", 2, 0, 5L)), 10);

    KeyCandidate time = find(SetupSuggestions.cursors(t, p), "event_time");

    assertThat(time.suitable()).isFalse();
    assertThat(time.tieBreak()).isNull();
    assertThat(time.reason()).contains("1 of 5 rows are NULL").contains("needs a tieBreak column");
  }

  @Test
  void numberKeysAreJudgedAsBeforeAndRankFirstWhenSuitable() {
    TableDetail t = table(col("seq", ColumnType.INT64), col("at", ColumnType.TIMESTAMP));
    TableProfile p = new TableProfile(3, Map.of("seq", new ColumnProfile("seq", 3, 0, null),
        "at", new ColumnProfile("at", 3, 0, null)), 10);

    List<KeyCandidate> cursors = SetupSuggestions.cursors(t, p);

    assertThat(cursors.get(0).column()).isEqualTo("seq");
    assertThat(find(cursors, "at").suitable()).as("seq is its tie-break").isTrue();
    assertThat(find(cursors, "at").tieBreak()).isEqualTo("seq");
  }
}
