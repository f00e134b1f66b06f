package dev.bqsync.sync;

import static dev.bqsync.core.config.FieldType.ANY;
import static dev.bqsync.core.config.FieldType.BOOLEAN;
import static dev.bqsync.core.config.FieldType.DATE;
import static dev.bqsync.core.config.FieldType.INTEGER;
import static dev.bqsync.core.config.FieldType.JSON;
import static dev.bqsync.core.config.FieldType.NUMBER;
import static dev.bqsync.core.config.FieldType.STRING;
import static dev.bqsync.core.config.FieldType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.cloud.Timestamp;
import dev.bqsync.core.config.CrmField;
import dev.bqsync.core.config.CrmKey;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.CrmSection;
import dev.bqsync.core.config.Direction;
import dev.bqsync.core.config.FieldMapping;
import dev.bqsync.core.config.FieldType;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.crm.CrmSchemaCheck;
import dev.bqsync.core.crm.CrmSyncPlanner;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceColumn;
import dev.bqsync.core.usage.SourceTable;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.UsageTestbed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's "done when": every CRM field type x every column type the schema check allows x
 * representative values, RECEIVE, SEND and BOTH, through {@link CrmSyncJob} on both emulators. The
 * first run writes what docs/crm-sync.md's type table says, the second and third write nothing, a
 * value that does not fit is a rejected row while the other rows sync, and a value the target holds
 * differently is said once per field as a warning.
 *
 * <p>Expectations are written as text: CRM values {@code 42L} (integer), {@code 42.0} (double, as
 * Java prints it), {@code 'x'} (text), {@code true}, {@code T2026-01-01T00:00:00Z} (timestamp),
 * {@code J{"a":1}} (map or list); BigQuery cells as BigQuery casts them to STRING (JSON columns as
 * TO_JSON_STRING), {@code NULL} for NULL. {@code REJECT} means the row is rejected and nothing of it is
 * written; a trailing {@code " ~"} means the target holds the value differently and the run warns.
 */
class CrmSyncTypeMatrixTest {
  private static final String TENANT = UsageTestbed.TENANT;
  private static final String REJECT = "REJECT";
  private static final String LOSS = " ~";
  /**
   * Not run: the project's BigQuery emulator keeps BIGNUMERIC as DECIMAL(38,6), 6 decimal places
   * where BigQuery keeps 38, so a value with more places cannot show what BigQuery holds.
   */
  private static final String EMULATOR_SCALE = "SKIP";
  private static final ObjectMapper SORTED = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** The pairs: per field type, the columns it receives from and the columns it sends to. BOTH = both. */
  private static final Map<FieldType, List<Set<ColumnType>>> PAIRS = new LinkedHashMap<>();

  static {
    Set<ColumnType> anyScalar = EnumSet.of(ColumnType.STRING, ColumnType.INT64, ColumnType.FLOAT64, ColumnType.NUMERIC,
        ColumnType.BIGNUMERIC, ColumnType.BOOL, ColumnType.DATE, ColumnType.DATETIME, ColumnType.TIMESTAMP, ColumnType.JSON);
    PAIRS.put(STRING, List.of(anyScalar, EnumSet.of(ColumnType.STRING)));
    PAIRS.put(INTEGER, List.of(EnumSet.of(ColumnType.INT64, ColumnType.NUMERIC, ColumnType.BIGNUMERIC, ColumnType.STRING),
        EnumSet.of(ColumnType.INT64, ColumnType.NUMERIC, ColumnType.BIGNUMERIC, ColumnType.FLOAT64, ColumnType.STRING)));
    PAIRS.put(NUMBER, List.of(EnumSet.of(ColumnType.INT64, ColumnType.FLOAT64, ColumnType.NUMERIC, ColumnType.BIGNUMERIC,
        ColumnType.STRING), EnumSet.of(ColumnType.FLOAT64, ColumnType.NUMERIC, ColumnType.BIGNUMERIC, ColumnType.STRING)));
    PAIRS.put(BOOLEAN, List.of(EnumSet.of(ColumnType.BOOL, ColumnType.STRING), EnumSet.of(ColumnType.BOOL, ColumnType.STRING)));
    PAIRS.put(DATE, List.of(EnumSet.of(ColumnType.DATE, ColumnType.DATETIME, ColumnType.TIMESTAMP, ColumnType.STRING),
        EnumSet.of(ColumnType.DATE, ColumnType.STRING)));
    PAIRS.put(TIMESTAMP, List.of(EnumSet.of(ColumnType.TIMESTAMP, ColumnType.DATETIME, ColumnType.DATE, ColumnType.STRING),
        EnumSet.of(ColumnType.TIMESTAMP, ColumnType.DATETIME, ColumnType.STRING)));
    PAIRS.put(JSON, List.of(EnumSet.of(ColumnType.JSON, ColumnType.STRING), EnumSet.of(ColumnType.JSON, ColumnType.STRING)));
    PAIRS.put(ANY, List.of(anyScalar, anyScalar));
  }

  /** A BigQuery cell (a SQL literal) and what each field type receiving it holds. */
  record Cell(ColumnType column, String sql, Map<FieldType, String> expect) {}

  /** A CRM value (as imported) and what each column type it is sent to holds. */
  record Value(FieldType field, Object crm, Map<ColumnType, String> expect) {}

  private static Cell cell(ColumnType column, String sql, Object... expect) {
    Map<FieldType, String> m = new LinkedHashMap<>();
    for (int i = 0; i < expect.length; i += 2) {
      m.put((FieldType) expect[i], (String) expect[i + 1]);
    }
    return new Cell(column, sql, m);
  }

  private static Value value(FieldType field, Object crm, Object... expect) {
    Map<ColumnType, String> m = new LinkedHashMap<>();
    for (int i = 0; i < expect.length; i += 2) {
      m.put((ColumnType) expect[i], (String) expect[i + 1]);
    }
    return new Value(field, crm, m);
  }

  private static final ColumnType S = ColumnType.STRING;
  private static final ColumnType I64 = ColumnType.INT64;
  private static final ColumnType F64 = ColumnType.FLOAT64;
  private static final ColumnType NUM = ColumnType.NUMERIC;
  private static final ColumnType BIG = ColumnType.BIGNUMERIC;
  private static final ColumnType B = ColumnType.BOOL;
  private static final ColumnType D = ColumnType.DATE;
  private static final ColumnType DT = ColumnType.DATETIME;
  private static final ColumnType TS = ColumnType.TIMESTAMP;
  private static final ColumnType J = ColumnType.JSON;

  private static Cell nul(ColumnType column) {
    Map<FieldType, String> m = new LinkedHashMap<>();
    for (FieldType f : FieldType.values()) {
      m.put(f, "null");
    }
    return new Cell(column, "NULL", m);
  }

  /** RECEIVE: BigQuery cells and what each receiving field type holds. */
  static final List<Cell> CELLS = List.of(
      nul(S),
      cell(S, "''", STRING, "''", INTEGER, REJECT, NUMBER, REJECT, BOOLEAN, REJECT, DATE, REJECT, TIMESTAMP, REJECT,
          JSON, REJECT, ANY, "''"),
      cell(S, "'héllo ✓ 日本 🚀'", STRING, "'héllo ✓ 日本 🚀'", INTEGER, REJECT, NUMBER, REJECT, BOOLEAN, REJECT,
          DATE, REJECT, TIMESTAMP, REJECT, JSON, REJECT, ANY, "'héllo ✓ 日本 🚀'"),
      cell(S, "'42'", STRING, "'42'", INTEGER, "42L", NUMBER, "42.0", BOOLEAN, REJECT, DATE, REJECT, TIMESTAMP, REJECT,
          JSON, "42L", ANY, "'42'"),
      cell(S, "' 7 '", STRING, "' 7 '", INTEGER, "7L", NUMBER, "7.0", BOOLEAN, REJECT, DATE, REJECT, TIMESTAMP, REJECT,
          JSON, "7L", ANY, "' 7 '"),
      cell(S, "'2.5'", STRING, "'2.5'", INTEGER, REJECT, NUMBER, "2.5", BOOLEAN, REJECT, DATE, REJECT, TIMESTAMP, REJECT,
          JSON, "2.5", ANY, "'2.5'"),
      cell(S, "'0.30000000000000000001'", STRING, "'0.30000000000000000001'", INTEGER, REJECT, NUMBER, "0.3" + LOSS,
          BOOLEAN, REJECT, DATE, REJECT, TIMESTAMP, REJECT, JSON, "0.3" + LOSS, ANY, "'0.30000000000000000001'"),
      cell(S, "'TRUE'", STRING, "'TRUE'", INTEGER, REJECT, NUMBER, REJECT, BOOLEAN, "true", DATE, REJECT,
          TIMESTAMP, REJECT, JSON, REJECT, ANY, "'TRUE'"),
      cell(S, "'2026-01-02'", STRING, "'2026-01-02'", INTEGER, REJECT, NUMBER, REJECT, BOOLEAN, REJECT,
          DATE, "'2026-01-02'", TIMESTAMP, "T2026-01-02T00:00:00Z", JSON, REJECT, ANY, "'2026-01-02'"),
      cell(S, "'2026-01-01T23:30:00Z'", STRING, "'2026-01-01T23:30:00Z'", INTEGER, REJECT, NUMBER, REJECT,
          BOOLEAN, REJECT, DATE, "'2026-01-02'", TIMESTAMP, "T2026-01-01T23:30:00Z", JSON, REJECT,
          ANY, "'2026-01-01T23:30:00Z'"),
      cell(S, "'{\"b\":[1,2],\"a\":true}'", STRING, "'{\"b\":[1,2],\"a\":true}'", INTEGER, REJECT, NUMBER, REJECT,
          BOOLEAN, REJECT, DATE, REJECT, TIMESTAMP, REJECT, JSON, "J{\"a\":true,\"b\":[1,2]}",
          ANY, "'{\"b\":[1,2],\"a\":true}'"),
      cell(S, "'9007199254740993'", STRING, "'9007199254740993'", INTEGER, "9007199254740993L",
          NUMBER, "9.007199254740992E15" + LOSS, BOOLEAN, REJECT, DATE, REJECT, TIMESTAMP, REJECT,
          JSON, "9007199254740993L", ANY, "'9007199254740993'"),
      nul(I64),
      cell(I64, "0", STRING, "'0'", INTEGER, "0L", NUMBER, "0.0", ANY, "0L"),
      cell(I64, "-9223372036854775808", STRING, "'-9223372036854775808'", INTEGER, "-9223372036854775808L",
          NUMBER, "-9.223372036854776E18" + LOSS, ANY, "-9223372036854775808L"),
      cell(I64, "9223372036854775807", STRING, "'9223372036854775807'", INTEGER, "9223372036854775807L",
          NUMBER, "9.223372036854776E18" + LOSS, ANY, "9223372036854775807L"),
      cell(I64, "9007199254740993", STRING, "'9007199254740993'", INTEGER, "9007199254740993L",
          NUMBER, "9.007199254740992E15" + LOSS, ANY, "9007199254740993L"),
      nul(F64),
      cell(F64, "0.1", STRING, "'0.1'", NUMBER, "0.1", ANY, "0.1"),
      cell(F64, "1e10", STRING, "'10000000000'", NUMBER, "1.0E10", ANY, "1.0E10"),
      cell(F64, "-2.5", STRING, "'-2.5'", NUMBER, "-2.5", ANY, "-2.5"),
      cell(F64, "1.7976931348623157e308", STRING, "'1.7976931348623157E+308'", NUMBER, "1.7976931348623157E308",
          ANY, "1.7976931348623157E308"),
      cell(F64, "1e21", STRING, "'1E+21'", NUMBER, "1.0E21", ANY, "1.0E21"),
      nul(NUM),
      cell(NUM, "NUMERIC '0.3'", STRING, "'0.3'", INTEGER, REJECT, NUMBER, "0.3", ANY, "0.3"),
      cell(NUM, "NUMERIC '42'", STRING, "'42'", INTEGER, "42L", NUMBER, "42.0", ANY, "42.0"),
      cell(NUM, "NUMERIC '-1.5'", STRING, "'-1.5'", INTEGER, REJECT, NUMBER, "-1.5", ANY, "-1.5"),
      cell(NUM, "NUMERIC '0.123456789'", STRING, "'0.123456789'", INTEGER, REJECT, NUMBER, "0.123456789",
          ANY, "0.123456789"),
      cell(NUM, "NUMERIC '99999999999999999999999999999.999999999'", STRING,
          "'99999999999999999999999999999.999999999'", INTEGER, REJECT, NUMBER, "1.0E29" + LOSS, ANY, "1.0E29" + LOSS),
      cell(NUM, "NUMERIC '12345678901234567890'", STRING, "'12345678901234567890'", INTEGER, REJECT,
          NUMBER, "1.2345678901234567E19" + LOSS, ANY, "1.2345678901234567E19" + LOSS),
      nul(BIG),
      cell(BIG, "BIGNUMERIC '1.5'", STRING, "'1.5'", INTEGER, REJECT, NUMBER, "1.5", ANY, "1.5"),
      cell(BIG, "BIGNUMERIC '-5'", STRING, "'-5'", INTEGER, "-5L", NUMBER, "-5.0", ANY, "-5.0"),
      cell(BIG, "BIGNUMERIC '123456789012345678901234567890'", STRING, "'123456789012345678901234567890'",
          INTEGER, REJECT, NUMBER, "1.2345678901234568E29" + LOSS, ANY, "1.2345678901234568E29" + LOSS),
      nul(B),
      cell(B, "TRUE", STRING, "'true'", BOOLEAN, "true", ANY, "true"),
      cell(B, "FALSE", STRING, "'false'", BOOLEAN, "false", ANY, "false"),
      nul(D),
      cell(D, "DATE '0001-01-01'", STRING, "'0001-01-01'", DATE, "'0001-01-01'", TIMESTAMP, "T0001-01-01T00:00:00Z",
          ANY, "'0001-01-01'"),
      cell(D, "DATE '9999-12-31'", STRING, "'9999-12-31'", DATE, "'9999-12-31'", TIMESTAMP, "T9999-12-31T00:00:00Z",
          ANY, "'9999-12-31'"),
      nul(DT),
      cell(DT, "DATETIME '2026-01-01 23:30:00'", STRING, "'2026-01-01T23:30:00'", DATE, "'2026-01-01'",
          TIMESTAMP, "T2026-01-01T23:30:00Z", ANY, "T2026-01-01T23:30:00Z"),
      cell(DT, "DATETIME '9999-12-31 23:59:59.999999'", STRING, "'9999-12-31T23:59:59.999999'", DATE, "'9999-12-31'",
          TIMESTAMP, "T9999-12-31T23:59:59.999999Z", ANY, "T9999-12-31T23:59:59.999999Z"),
      nul(TS),
      cell(TS, "TIMESTAMP '2026-01-01 23:30:00+00'", STRING, "'2026-01-01T23:30:00Z'", DATE, "'2026-01-02'",
          TIMESTAMP, "T2026-01-01T23:30:00Z", ANY, "T2026-01-01T23:30:00Z"),
      cell(TS, "TIMESTAMP '2026-06-01 12:00:00.123456+00'", STRING, "'2026-06-01T12:00:00.123456Z'",
          DATE, "'2026-06-01'", TIMESTAMP, "T2026-06-01T12:00:00.123456Z", ANY, "T2026-06-01T12:00:00.123456Z"),
      cell(TS, "TIMESTAMP '0001-01-01 00:00:00+00'", STRING, "'0001-01-01T00:00:00Z'", DATE, "'0001-01-01'",
          TIMESTAMP, "T0001-01-01T00:00:00Z", ANY, "T0001-01-01T00:00:00Z"),
      cell(TS, "TIMESTAMP '9999-12-31 23:59:59.999999+00'", STRING, "'9999-12-31T23:59:59.999999Z'",
          DATE, REJECT, TIMESTAMP, "T9999-12-31T23:59:59.999999Z", ANY, "T9999-12-31T23:59:59.999999Z"),
      nul(J),
      cell(J, "JSON '{\"b\":[1,2],\"a\":true}'", STRING, "'{\"b\":[1,2],\"a\":true}'", JSON, "J{\"a\":true,\"b\":[1,2]}",
          ANY, "J{\"a\":true,\"b\":[1,2]}"),
      cell(J, "JSON '\"text\"'", STRING, "'\"text\"'", JSON, "'text'", ANY, "'text'"),
      cell(J, "JSON '7'", STRING, "'7'", JSON, "7L", ANY, "7L"),
      cell(J, "JSON '[]'", STRING, "'[]'", JSON, "J[]", ANY, "J[]"),
      cell(J, "JSON '{\"u\":\"日本 🚀\"}'", STRING, "'{\"u\":\"日本 🚀\"}'", JSON, "J{\"u\":\"日本 🚀\"}",
          ANY, "J{\"u\":\"日本 🚀\"}"),
      cell(J, "JSON '123456789012345678901234567890'", STRING, "'123456789012345678901234567890'", JSON, REJECT,
          ANY, REJECT));

  private static Timestamp ts(String iso) {
    return Timestamp.parseTimestamp(iso);
  }

  /** SEND: CRM values and what each column type they are sent to holds. */
  static final List<Value> VALUES = List.of(
      value(STRING, null, S, "NULL"),
      value(STRING, "", S, ""),
      value(STRING, "héllo ✓ 日本 🚀", S, "héllo ✓ 日本 🚀"),
      value(STRING, "it's \"quoted\" \\", S, "it's \"quoted\" \\"),
      value(INTEGER, null, I64, "NULL", NUM, "NULL", BIG, "NULL", F64, "NULL", S, "NULL"),
      value(INTEGER, 0L, I64, "0", NUM, "0", BIG, "0", F64, "0.0", S, "0"),
      value(INTEGER, Long.MIN_VALUE, I64, "-9223372036854775808", NUM, "-9223372036854775808",
          BIG, "-9223372036854775808", F64, "-9.223372036854776E18" + LOSS, S, "-9223372036854775808"),
      value(INTEGER, Long.MAX_VALUE, I64, "9223372036854775807", NUM, "9223372036854775807",
          BIG, "9223372036854775807", F64, "9.223372036854776E18" + LOSS, S, "9223372036854775807"),
      value(INTEGER, 9007199254740993L, I64, "9007199254740993", NUM, "9007199254740993", BIG, "9007199254740993",
          F64, "9.007199254740992E15" + LOSS, S, "9007199254740993"),
      value(NUMBER, null, F64, "NULL", NUM, "NULL", BIG, "NULL", S, "NULL"),
      value(NUMBER, 0.0, F64, "0.0", NUM, "0", BIG, "0", S, "0"),
      value(NUMBER, 0.30000000000000004, F64, "0.30000000000000004", NUM, "0.3" + LOSS, BIG, EMULATOR_SCALE,
          S, "0.30000000000000004"),
      value(NUMBER, -2.5, F64, "-2.5", NUM, "-2.5", BIG, "-2.5", S, "-2.5"),
      value(NUMBER, 1e10, F64, "1.0E10", NUM, "10000000000", BIG, "10000000000", S, "10000000000"),
      value(NUMBER, 1e-10, F64, "1.0E-10", NUM, "0" + LOSS, BIG, EMULATOR_SCALE, S, "1E-10"),
      value(NUMBER, 1e30, F64, "1.0E30", NUM, REJECT, BIG, "1000000000000000000000000000000", S, "1E+30"),
      value(NUMBER, Double.MAX_VALUE, F64, "1.7976931348623157E308", NUM, REJECT, BIG, REJECT,
          S, "1.7976931348623157E+308"),
      value(BOOLEAN, null, B, "NULL", S, "NULL"),
      value(BOOLEAN, true, B, "true", S, "true"),
      value(BOOLEAN, false, B, "false", S, "false"),
      value(DATE, null, D, "NULL", S, "NULL"),
      value(DATE, "2026-01-02", D, "2026-01-02", S, "2026-01-02"),
      value(DATE, "0001-01-01", D, "0001-01-01", S, "0001-01-01"),
      value(DATE, "9999-12-31", D, "9999-12-31", S, "9999-12-31"),
      value(DATE, "2026-02-30", D, REJECT, S, REJECT),
      value(TIMESTAMP, null, TS, "NULL", DT, "NULL", S, "NULL"),
      value(TIMESTAMP, ts("2026-01-01T23:30:00.123456Z"), TS, "2026-01-01 23:30:00.123456+00",
          DT, "2026-01-01 23:30:00.123456", S, "2026-01-01T23:30:00.123456Z"),
      value(TIMESTAMP, ts("0001-01-01T00:00:00Z"), TS, "0001-01-01 00:00:00+00", DT, "0001-01-01 00:00:00",
          S, "0001-01-01T00:00:00Z"),
      value(TIMESTAMP, ts("9999-12-31T23:59:59.999999Z"), TS, "9999-12-31 23:59:59.999999+00",
          DT, "9999-12-31 23:59:59.999999", S, "9999-12-31T23:59:59.999999Z"),
      value(JSON, null, J, "NULL", S, "NULL"),
      value(JSON, Map.of("b", List.of(1L, 2L), "a", true), J, "{\"a\":true,\"b\":[1,2]}", S, "{\"a\":true,\"b\":[1,2]}"),
      value(JSON, "text", J, "\"text\"", S, "\"text\""),
      value(JSON, "", J, "\"\"", S, "\"\""),
      value(JSON, 7L, J, "7", S, "7"),
      value(JSON, List.of(), J, "[]", S, "[]"),
      value(JSON, Map.of("u", "日本 🚀", "n", 1.5), J, "{\"n\":1.5,\"u\":\"日本 🚀\"}", S, "{\"n\":1.5,\"u\":\"日本 🚀\"}"),
      value(ANY, null, S, "NULL", I64, "NULL", F64, "NULL", NUM, "NULL", BIG, "NULL", B, "NULL", D, "NULL", DT, "NULL",
          TS, "NULL", J, "NULL"),
      value(ANY, 42L, S, "42", I64, "42", F64, "42.0", NUM, "42", BIG, "42", B, REJECT, D, REJECT, DT, REJECT,
          TS, REJECT, J, "42"),
      value(ANY, 2.5, S, "2.5", I64, REJECT, F64, "2.5", NUM, "2.5", BIG, "2.5", B, REJECT, D, REJECT, DT, REJECT,
          TS, REJECT, J, "2.5"),
      value(ANY, "日本", S, "日本", I64, REJECT, F64, REJECT, NUM, REJECT, BIG, REJECT, B, REJECT, D, REJECT,
          DT, REJECT, TS, REJECT, J, "\"日本\""),
      value(ANY, true, S, "true", I64, REJECT, F64, REJECT, NUM, REJECT, BIG, REJECT, B, "true", D, REJECT,
          DT, REJECT, TS, REJECT, J, "true"),
      value(ANY, "2026-01-02", S, "2026-01-02", I64, REJECT, F64, REJECT, NUM, REJECT, BIG, REJECT, B, REJECT,
          D, "2026-01-02", DT, "2026-01-02 00:00:00", TS, "2026-01-02 00:00:00+00", J, "\"2026-01-02\""),
      value(ANY, ts("2026-01-01T23:30:00Z"), S, "2026-01-01T23:30:00Z", I64, REJECT, F64, REJECT, NUM, REJECT,
          BIG, REJECT, B, REJECT, D, "2026-01-01" + LOSS, DT, "2026-01-01 23:30:00", TS, "2026-01-01 23:30:00+00",
          J, "\"2026-01-01T23:30:00Z\""),
      value(ANY, Map.of("a", 1L), S, "{\"a\":1}", I64, REJECT, F64, REJECT, NUM, REJECT, BIG, REJECT, B, REJECT,
          D, REJECT, DT, REJECT, TS, REJECT, J, "{\"a\":1}"));

  // --- the matrix's own table against the code ---

  @Test
  void theTableCoversEveryPairTheSchemaCheckAllowsAndNoOther() {
    for (FieldType f : FieldType.values()) {
      for (ColumnType c : ColumnType.values()) {
        assertThat(PAIRS.get(f).get(0).contains(c)).as("%s receives from %s", f, c)
            .isEqualTo(CrmSchemaCheck.receivable(f, c));
        assertThat(PAIRS.get(f).get(1).contains(c)).as("%s sends to %s", f, c).isEqualTo(CrmSchemaCheck.sendable(f, c));
      }
    }
  }

  @Test
  void everyPairHasAnExpectationForEveryValue() {
    PAIRS.forEach((f, sides) -> {
      for (ColumnType c : sides.get(0)) {
        assertThat(CELLS.stream().filter(x -> x.column() == c).count()).as("cells of %s", c).isGreaterThan(1);
        CELLS.stream().filter(x -> x.column() == c).forEach(x -> assertThat(x.expect()).as("%s %s -> %s", c, x.sql(), f)
            .containsKey(f));
      }
      for (ColumnType c : sides.get(1)) {
        assertThat(VALUES.stream().filter(v -> v.field() == f).count()).as("values of %s", f).isGreaterThan(1);
        VALUES.stream().filter(v -> v.field() == f).forEach(v -> assertThat(v.expect()).as("%s %s -> %s", f, v.crm(), c)
            .containsKey(c));
      }
    });
  }

  @Test
  void everyPairTheCodeRefusesIsRefusedAtValidationWithWhatToChange() {
    CrmModel model = CrmModel.Company;
    for (FieldType f : FieldType.values()) {
      String field = f == ANY ? "custom.x" : model.standardFields().values().stream().filter(x -> x.type() == f)
          .map(CrmField::name).findFirst().orElse(null);
      CrmModel m = field != null ? model : CrmModel.EndUser;
      String name = field != null ? field : "primary";
      for (ColumnType c : ColumnType.values()) {
        for (Direction d : List.of(Direction.RECEIVE, Direction.SEND)) {
          boolean allowed = d == Direction.RECEIVE ? PAIRS.get(f).get(0).contains(c) : PAIRS.get(f).get(1).contains(c);
          CrmSection section = new CrmSection("s", m, new TableRef("acme-analytics", "d", "t"), CrmKey.SOURCE_ID, "k", d,
              List.of(new FieldMapping(name, "col", null, false)), null, true);
          SourceTable table = new SourceTable(new TableRef("acme-analytics", "d", "t"), false, Map.of(
              "k", new SourceColumn("k", ColumnType.STRING, false, false), "col", new SourceColumn("col", c, false, false)),
              null);
          List<String> problems = CrmSchemaCheck.problems(section, table);
          if (allowed) {
            assertThat(problems).as("%s %s %s", f, d, c).isEmpty();
          } else {
            assertThat(problems).as("%s %s %s", f, d, c).singleElement().asString()
                .contains("column 'col' is " + c).contains(name).contains("use a column of type");
          }
        }
      }
    }
  }

  // --- on the emulators ---

  /** One mapped pair in a section: the CRM field, its column and the rows (keys) that carry its values. */
  record Mapping(FieldType type, ColumnType columnType, String crmField, String column,
      Map<String, Cell> received, Map<String, Value> sent) {}

  record Section(String id, CrmModel model, Direction direction, List<Mapping> mappings) {}

  private static final List<CrmModel> MODELS = List.of(CrmModel.Company, CrmModel.License, CrmModel.EndUser,
      CrmModel.Opportunity, CrmModel.Project, CrmModel.Asset);

  /** Packs every pair and direction into as few sections as the models' fields allow. */
  static List<Section> sections() {
    List<Section> sections = new ArrayList<>();
    for (Direction d : List.of(Direction.RECEIVE, Direction.SEND, Direction.BOTH)) {
      List<Section> open = new ArrayList<>();
      List<FieldType> scarceFirst = new ArrayList<>(List.of(INTEGER, BOOLEAN, JSON, NUMBER, TIMESTAMP, DATE, STRING, ANY));
      for (FieldType f : scarceFirst) {
        Set<ColumnType> columns = switch (d) {
          case RECEIVE -> PAIRS.get(f).get(0);
          case SEND -> PAIRS.get(f).get(1);
          case BOTH -> {
            Set<ColumnType> both = EnumSet.copyOf(PAIRS.get(f).get(0));
            both.retainAll(PAIRS.get(f).get(1));
            yield both;
          }
        };
        for (ColumnType c : columns) {
          Section target = null;
          String field = null;
          for (Section s : open) {
            field = freeField(s, f, c);
            if (field != null) {
              target = s;
              break;
            }
          }
          if (target == null) {
            CrmModel model = MODELS.stream().filter(m -> f == ANY || m.standardFields().values().stream()
                .anyMatch(x -> x.type() == f && usable(x))).findFirst().orElseThrow();
            target = new Section("m" + (sections.size() + open.size()), model, d, new ArrayList<>());
            open.add(target);
            field = freeField(target, f, c);
          }
          String column = "c" + target.mappings().size() + "_" + c.name().toLowerCase(Locale.ROOT);
          Map<String, Cell> received = new LinkedHashMap<>();
          Map<String, Value> sent = new LinkedHashMap<>();
          int row = 0;
          if (d.receives()) {
            for (Cell x : CELLS) {
              if (x.column() == c) {
                received.put(target.id() + "-" + column + "-r" + row++, x);
              }
            }
          }
          if (d.sends()) {
            for (Value v : VALUES) {
              if (v.field() == f && !EMULATOR_SCALE.equals(v.expect().get(c))) {
                sent.put(target.id() + "-" + column + "-s" + row++, v);
              }
            }
          }
          target.mappings().add(new Mapping(f, c, field, column, received, sent));
        }
      }
      sections.addAll(open);
    }
    return sections;
  }

  private static boolean usable(CrmField f) {
    return !f.readOnly() && !f.name().equals("sourceId") && !f.name().equals("externalId") && !f.name().equals("email");
  }

  private static String freeField(Section s, FieldType f, ColumnType c) {
    Set<String> used = s.mappings().stream().map(Mapping::crmField).collect(Collectors.toSet());
    if (f == ANY) {
      return "custom.x" + s.mappings().size() + "_" + c.name().toLowerCase(Locale.ROOT);
    }
    return s.model().standardFields().values().stream().filter(x -> x.type() == f && usable(x) && !used.contains(x.name()))
        .map(CrmField::name).findFirst().orElse(null);
  }

  private static String sqlType(ColumnType c) {
    return c == ColumnType.BOOL ? "BOOL" : c.name();
  }

  private String tenantJson(List<Section> sections) throws Exception {
    List<Map<String, Object>> crmSections = new ArrayList<>();
    for (Section s : sections) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", s.id());
      json.put("model", s.model().name());
      json.put("source", UsageTestbed.PROJECT + ".matrix." + s.id());
      json.put("crmKey", "SOURCE_ID");
      json.put("warehouseKey", "k");
      json.put("direction", s.direction().name());
      // Rows of a section's CRM-born values exist with NULLs, so records are never inserted (the other
      // sections' records are only-in-the-CRM for it) and, under BOTH, the CRM's value wins the first sync.
      json.put("createInWarehouse", false);
      json.put("conflictPolicy", "CRM_WINS");
      json.put("fields", s.mappings().stream().map(m -> Map.of("crm", m.crmField(), "column", m.column())).toList());
      crmSections.add(json);
    }
    Map<String, Object> tenant = new LinkedHashMap<>(SORTED.readValue(UsageTestbed.tenantJson(), Map.class));
    tenant.put("timeZone", "Europe/Berlin");
    tenant.put("crmSections", crmSections);
    tenant.remove("usageSections");
    return SORTED.writeValueAsString(tenant);
  }

  private List<CrmSectionOutcome> syncAll() {
    return bed.crmJob(clock).run(JobRequest.crm(TENANT, null, false), null).sections();
  }

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private UsageTestbed bed;

  @Test
  void everyPairInEveryDirectionWritesWhatTheDocsSayOnceAndRejectsWhatDoesNotFit() throws Exception {
    bed = UsageTestbed.freshCrm();
    List<Section> sections = sections();
    UsageTestbed.bigquery().createDataset(UsageTestbed.PROJECT, "matrix", "EU");
    Map<CrmModel, List<Map<String, Object>>> records = new HashMap<>();
    for (Section s : sections) {
      StringBuilder ddl = new StringBuilder("CREATE TABLE matrix." + s.id() + " (k STRING");
      List<String> rows = new ArrayList<>();
      for (Mapping m : s.mappings()) {
        ddl.append(", ").append(m.column()).append(' ').append(sqlType(m.columnType()));
      }
      bed.sql(ddl.append(")").toString());
      for (Mapping m : s.mappings()) {
        m.received().forEach((key, x) -> rows.add("('" + key + "', " + x.sql() + ")"));
        if (!m.received().isEmpty()) {
          bed.sql("INSERT INTO matrix." + s.id() + " (k, " + m.column() + ") VALUES " + String.join(", ", rows));
          rows.clear();
        }
        m.sent().forEach((key, v) -> {
          rows.add("('" + key + "')");
          Map<String, Object> record = new HashMap<>();
          record.put("sourceId", key);
          if (v.crm() != null) {
            if (m.crmField().startsWith("custom.")) {
              record.put("custom", Map.of(m.crmField().substring(7), v.crm()));
            } else {
              record.put(m.crmField(), v.crm());
            }
          }
          records.computeIfAbsent(s.model(), x -> new ArrayList<>()).add(record);
        });
        if (!m.sent().isEmpty()) {
          bed.sql("INSERT INTO matrix." + s.id() + " (k) VALUES " + String.join(", ", rows));
          rows.clear();
        }
      }
    }
    records.forEach(bed::importRecords);
    bed.applyTenant(tenantJson(sections));

    List<CrmSectionOutcome> first = syncAll();

    List<String> wrong = new ArrayList<>();
    for (Section s : sections) {
      CrmSectionOutcome o = first.stream().filter(x -> x.sectionId().equals(s.id())).findFirst().orElseThrow();
      if (o.status() != RunStatus.OK) {
        wrong.add(s.id() + " " + s.direction() + " " + s.mappings().stream().map(m -> m.crmField() + "<->" + m.column())
            .toList() + ": " + o.status() + " " + o.message() + "\n" + bed.logText().lines()
            .filter(l -> l.contains("\"section\":\"" + s.id() + "\"") && l.contains("stack_trace")).limit(1)
            .map(l -> l.substring(l.indexOf("stack_trace"), Math.min(l.length(), l.indexOf("stack_trace") + 600)))
            .collect(Collectors.joining()));
        continue;
      }
      Set<String> rejectedKeys = o.rejectedSamples().stream().map(r -> r.key()).collect(Collectors.toSet());
      Set<String> expectedRejected = new TreeSet<>();
      Set<String> warned = o.warnings().stream().filter(w -> w.contains("such values are written once"))
          .map(w -> w.substring(0, w.indexOf(':'))).collect(Collectors.toSet());
      Set<String> expectedWarned = new TreeSet<>();
      Map<String, String> cells = cells(s);
      for (Mapping m : s.mappings()) {
        String pair = s.direction() + " " + m.type() + " " + m.crmField() + " <-> " + m.columnType() + " " + m.column();
        for (var e : m.received().entrySet()) {
          String expected = e.getValue().expect().get(m.type());
          Object held = crmValue(s.model(), e.getKey(), m.crmField());
          check(wrong, pair, "received " + e.getValue().sql(), expected, held == null && expected.equals(REJECT)
              ? REJECT : render(held), rejectedKeys.contains(e.getKey()), expectedRejected, e.getKey());
          if (expected.endsWith(LOSS)) {
            expectedWarned.add(m.column() + " -> " + m.crmField());
          }
        }
        for (var e : m.sent().entrySet()) {
          String expected = e.getValue().expect().get(m.columnType());
          String held = cells.get(e.getKey() + "/" + m.column());
          check(wrong, pair, "sent " + e.getValue().crm(), expected, held.equals("NULL") && expected.equals(REJECT)
              ? REJECT : held, rejectedKeys.contains(e.getKey()), expectedRejected, e.getKey());
          if (expected.endsWith(LOSS)) {
            expectedWarned.add(m.crmField() + " -> " + m.column());
          }
        }
      }
      if (!new TreeSet<>(rejectedKeys).equals(expectedRejected)) {
        wrong.add(s.id() + ": rejected " + new TreeSet<>(rejectedKeys) + " but expected " + expectedRejected + "; "
            + o.rejectedSamples());
      }
      if (!new TreeSet<>(warned).equals(expectedWarned)) {
        wrong.add(s.id() + ": warned " + o.warnings() + " but expected for " + expectedWarned);
      }
    }
    assertThat(wrong).as(String.join("\n", wrong)).isEmpty();

    for (int run = 2; run <= 3; run++) {
      UsageTestbed.bigquery().clearCounts();
      for (CrmSectionOutcome o : syncAll()) {
        CrmSectionOutcome was = first.stream().filter(x -> x.sectionId().equals(o.sectionId())).findFirst().orElseThrow();
        assertThat(o.status()).isEqualTo(RunStatus.OK);
        assertThat(o.plan().warehouseWrites()).as("run %d, %s: BigQuery writes", run, o.sectionId()).isEmpty();
        assertThat(o.plan().crmWrites()).as("run %d, %s: CRM writes", run, o.sectionId()).isEmpty();
        assertThat(o.rejectedByReason()).as("run %d, %s: the same rejections", run, o.sectionId())
            .isEqualTo(was.rejectedByReason());
      }
      assertThat(UsageTestbed.bigquery().jobs()).noneMatch(j -> "MERGE".equals(j.statementType()));
    }
  }

  private static void check(List<String> wrong, String pair, String what, String expected, String held,
      boolean rejected, Set<String> expectedRejected, String key) {
    String plain = expected.endsWith(LOSS) ? expected.substring(0, expected.length() - LOSS.length()) : expected;
    if (expected.equals(REJECT)) {
      expectedRejected.add(key);
    }
    if (!plain.equals(held) || (expected.equals(REJECT) != rejected)) {
      wrong.add(pair + ": " + what + " holds " + held + (rejected ? " (rejected)" : "") + ", expected " + expected);
    }
  }

  /** Every cell of a section's table as text, by "key/column". */
  private Map<String, String> cells(Section s) {
    Map<String, String> out = new TreeMap<>();
    StringBuilder select = new StringBuilder("SELECT k");
    for (Mapping m : s.mappings()) {
      select.append(", ").append(m.columnType() == ColumnType.JSON ? "TO_JSON_STRING(" + m.column() + ")"
          : "CAST(" + m.column() + " AS STRING)");
    }
    String text = bed.bigqueryRows(select + " FROM matrix." + s.id());
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\|", -1);
      for (int i = 0; i < s.mappings().size(); i++) {
        String v = parts[i + 1];
        out.put(parts[0] + "/" + s.mappings().get(i).column(), v.equals("null") ? "NULL"
            : numberText(s.mappings().get(i).columnType(), v));
      }
    }
    return out;
  }

  /**
   * Numbers in one form whatever the scale the emulator casts with: NUMERIC and BIGNUMERIC without
   * trailing zeros (as BigQuery's CAST prints them), FLOAT64 as Java prints the double.
   */
  private static String numberText(ColumnType type, String v) {
    return switch (type) {
      case NUMERIC, BIGNUMERIC -> {
        java.math.BigDecimal d = new java.math.BigDecimal(v).stripTrailingZeros();
        yield d.signum() == 0 ? "0" : d.toPlainString();
      }
      case FLOAT64 -> Double.toString(Double.parseDouble(v));
      default -> v;
    };
  }

  @SuppressWarnings("unchecked")
  private Object crmValue(CrmModel model, String key, String field) {
    Map<String, Object> record = bed.record(model, CrmSyncPlanner.createdId(TENANT, model.name(), key));
    if (record == null) {
      return null;
    }
    if (field.startsWith("custom.")) {
      Map<String, Object> custom = (Map<String, Object>) record.get("custom");
      return custom == null ? null : custom.get(field.substring(7));
    }
    return record.get(field);
  }

  private static String render(Object v) {
    try {
      if (v == null) {
        return "null";
      }
      if (v instanceof Long l) {
        return l + "L";
      }
      if (v instanceof String s) {
        return "'" + s + "'";
      }
      if (v instanceof Timestamp t) {
        return "T" + Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
      }
      if (v instanceof Map<?, ?> || v instanceof List<?>) {
        return "J" + SORTED.writeValueAsString(v);
      }
      return String.valueOf(v);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
