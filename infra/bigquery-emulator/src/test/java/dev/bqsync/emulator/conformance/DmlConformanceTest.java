package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** DML: affected rows, WHERE required for UPDATE and DELETE, views are read-only. */
class DmlConformanceTest extends ConformanceSupport {
  @BeforeEach
  void table() {
    run("CREATE TABLE d.t (id INT64, name STRING)");
  }

  @Test
  @DisplayName("INSERT, UPDATE and DELETE report the rows they affected")
  void affectedRows() throws Exception {
    assertThat(query("INSERT INTO d.t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')").getTotalRows()).isEqualTo(3);
    assertThat(query("UPDATE d.t SET name = 'z' WHERE id >= 2").getTotalRows()).isEqualTo(2);
    assertThat(query("DELETE FROM d.t WHERE name = 'z'").getTotalRows()).isEqualTo(2);
    assertThat(rows("SELECT id FROM d.t")).hasSize(1);
  }

  @Test
  @DisplayName("UPDATE and DELETE without WHERE are refused")
  void whereIsRequired() {
    assertRefused(() -> query("UPDATE d.t SET name = 'x'"), "invalidQuery", "UPDATE must have a WHERE clause");
    assertRefused(() -> query("DELETE FROM d.t"), "invalidQuery", "DELETE must have a WHERE clause");
  }

  @Test
  @DisplayName("DML on a view is refused")
  void viewsAreReadOnly() {
    run("CREATE VIEW d.v AS SELECT id FROM d.t");
    assertRefused(() -> query("DELETE FROM d.v WHERE TRUE"), "invalidQuery", "views are read-only");
  }
}
