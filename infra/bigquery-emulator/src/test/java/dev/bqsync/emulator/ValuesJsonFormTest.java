package dev.bqsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON form of an array parameter ({@link Values#typedFromJson}) gives DuckDB exactly the value
 * the literal form ({@link Values#typed}) gives, for every type it carries, at the edges of each,
 * and refuses the same bad values with the same messages.
 */
class ValuesJsonFormTest {
  private static Connection duck;

  @BeforeAll
  static void open() throws SQLException {
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void close() throws SQLException {
    duck.close();
  }

  private static FieldSchema array(String type) {
    return new FieldSchema("p", type, "REPEATED", List.of(), null);
  }

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  /** Both forms as DuckDB evaluates them, as text (so -0.0 and 0.0, or NaN, are told apart). */
  private static void assertSameValue(FieldSchema field, String values) throws Exception {
    JsonNode value = json(values);
    String literal = Values.typed(field, value, false);
    String fromJson = Values.typedFromJson(field, value, false);
    try (Statement s = duck.createStatement();
         ResultSet rs = s.executeQuery("SELECT CAST(" + literal + " AS VARCHAR), CAST(" + fromJson + " AS VARCHAR), "
             + literal + " IS NOT DISTINCT FROM " + fromJson)) {
      assertTrue(rs.next());
      assertEquals(rs.getString(1), rs.getString(2), field.type() + " " + values);
      assertTrue(rs.getBoolean(3), field.type() + " " + values);
    }
  }

  @Test
  void integersAtBothEnds() throws Exception {
    assertSameValue(array("INTEGER"), "[\"-9223372036854775808\", \"9223372036854775807\", 0, -5, \" 12 \", 42]");
  }

  @Test
  void floatsWithTheirSpecialValues() throws Exception {
    assertSameValue(array("FLOAT"), "[\"NaN\", \"Infinity\", \"-inf\", \"+inf\", 1.5, -0.0, 1e308, 5e-324, "
        + "\"3.141592653589793\", \"-2.5E-3\"]");
  }

  @Test
  void exactDecimalsAtTheirLimits() throws Exception {
    assertSameValue(array("NUMERIC"), "[\"99999999999999999999999999999.999999999\", \"-0.000000001\", \"1e3\", 7, "
        + "\"0.0000000005\"]");
    assertSameValue(array("BIGNUMERIC"), "[\"99999999999999999999999999999999.999999\", \"-1.25\", 0]");
  }

  @Test
  void booleansInEverySpelling() throws Exception {
    assertSameValue(array("BOOLEAN"), "[true, false, \"true\", \"FALSE\", \"1\", \"0\"]");
  }

  @Test
  void stringsWithQuotesEscapesAndUnicode() throws Exception {
    assertSameValue(array("STRING"), "[\"\", \"it's\", \"back\\\\slash\", \"quote\\\"d\", \"new\\nline\", \"tab\\t\","
        + " \"日本語 🎉\", \"\\u0001\", \"'; DROP TABLE x; --\", \"\\\\x41\", \"{\\\"a\\\": 1}\"]");
  }

  @Test
  void datesTimesAndTimestamps() throws Exception {
    assertSameValue(array("DATE"), "[\"0001-01-01\", \"9999-12-31\", \"2026-12-04\"]");
    assertSameValue(array("DATETIME"), "[\"2026-12-04T10:00:00.123456\", \"2026-12-04 10:00\", \"0001-01-01 00:00:00\"]");
    assertSameValue(array("TIME"), "[\"23:59:59.999999\", \"00:00\", \"12:30:01.5\"]");
    assertSameValue(array("TIMESTAMP"), "[\"2026-12-04T10:00:00.123456Z\", 1700000000, \"0001-01-01 00:00:00+00\","
        + " \"9999-12-31 23:59:59.999999 UTC\", \"2026-12-04 12:00:00+02:00\"]");
  }

  @Test
  void structsWithNullsNestedStructsAndArrays() throws Exception {
    FieldSchema inner = new FieldSchema("inner", "RECORD", "NULLABLE",
        List.of(FieldSchema.of("n", "NUMERIC"), FieldSchema.of("t", "TIMESTAMP")), null);
    FieldSchema rows = new FieldSchema("rows", "RECORD", "REPEATED", List.of(FieldSchema.of("_k", "STRING"),
        FieldSchema.of("_v0", "INTEGER"), FieldSchema.of("_s0", "BOOLEAN"), inner,
        new FieldSchema("tags", "STRING", "REPEATED", List.of(), null)), null);
    assertSameValue(rows, "[{\"_k\": \"a\", \"_v0\": \"1\", \"_s0\": true, \"inner\": {\"n\": \"1.5\", \"t\": null},"
        + " \"tags\": [\"x\", \"y\"]}, {\"_k\": \"b\", \"_v0\": null, \"_s0\": false, \"inner\": null, \"tags\": null},"
        + " {\"_K\": \"c\", \"_v0\": -1, \"_s0\": \"0\", \"inner\": {}, \"tags\": []}]");
  }

  @Test
  void anEmptyArray() throws Exception {
    assertSameValue(array("INTEGER"), "[]");
  }

  @Test
  void refusesWhatTheLiteralRefusesWithTheSameMessage() throws Exception {
    FieldSchema required = new FieldSchema("rows", "RECORD", "REPEATED",
        List.of(new FieldSchema("k", "STRING", "REQUIRED", List.of(), null)), null);
    for (Object[] bad : new Object[][] {
        {array("INTEGER"), "[\"9223372036854775808\"]"},
        {array("INTEGER"), "[null]"},
        {array("NUMERIC"), "[\"1e40\"]"},
        {array("DATE"), "[\"2026-13-01\"]"},
        {array("BOOLEAN"), "[\"yes\"]"},
        {array("INTEGER"), "{\"a\": 1}"},
        {required, "[{}]"},
        {required, "[{\"k\": \"a\", \"extra\": 1}]"}}) {
      FieldSchema field = (FieldSchema) bad[0];
      JsonNode value = json((String) bad[1]);
      ValueException literal = assertThrows(ValueException.class, () -> Values.typed(field, value, false));
      ValueException fromJson = assertThrows(ValueException.class, () -> Values.typedFromJson(field, value, false));
      assertEquals(literal.getMessage(), fromJson.getMessage(), (String) bad[1]);
    }
  }

  @Test
  void carriesOnlyTypesThatCastFromJsonText() {
    assertTrue(Values.jsonCastable(array("TIMESTAMP")));
    assertFalse(Values.jsonCastable(array("BYTES")));
    assertFalse(Values.jsonCastable(array("JSON")));
    assertFalse(Values.jsonCastable(new FieldSchema("rows", "RECORD", "REPEATED",
        List.of(FieldSchema.of("k", "STRING"), FieldSchema.of("b", "BYTES")), null)));
  }
}
