package dev.bqsync.core.crm;

import dev.bqsync.core.config.FieldType;
import dev.bqsync.core.usage.ColumnType;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mapped field's values between its CRM field and its BigQuery column, and the texts the
 * planner compares. A value is compared as the side it goes to will hold it: a CRM value that is
 * sent is compared after the column's own rounding, precision and type, read back as the CRM field
 * would read it, so a value BigQuery stores differently is written once and then recognised as
 * unchanged. Custom fields (ANY) compare in the column's terms, and a value received into one takes
 * the type the CRM's value already has when it converts (custom fields keep their natural type).
 */
public record FieldConversion(String field, String column, FieldType fieldType, ColumnType columnType,
    boolean required, ZoneId zone) {
  /** The compared text of a CRM value that does not convert: equal to nothing the column can hold. */
  private static final String UNCONVERTIBLE = "?:";
  /** The prefix of a value compared as the column holds it, where the CRM field cannot read it. */
  private static final String IN_COLUMN = "c:";

  /** A BigQuery cell as the CRM field holds it; {@code current} is the CRM's value, whose type a custom field keeps. */
  public Object fromCell(Object cell, Object current) {
    if (cell == null) {
      return null;
    }
    if (fieldType != FieldType.ANY) {
      return CrmValues.toCrm(fieldType, cell, zone);
    }
    // A JSON cell says its own type (object, array, text, number); other cells take the CRM's.
    return columnType == ColumnType.JSON ? natural(cell) : keepType(natural(cell), current);
  }

  /** A cell's natural CRM value: JSON parsed, dates as the CRM keeps them (yyyy-MM-dd text), numbers as doubles. */
  private Object natural(Object cell) {
    if (columnType == ColumnType.JSON && cell instanceof String s) {
      return CrmValues.jsonFromText(s);
    }
    if (cell instanceof LocalDate d) {
      return d.toString();
    }
    return CrmValues.toCrm(FieldType.ANY, cell, zone);
  }

  /**
   * A CRM value as bound for the column. A null for a REQUIRED column, or a value the column cannot
   * hold, does not convert: BigQuery would refuse the whole MERGE for it.
   */
  public Object toCell(Object crmValue) {
    if (crmValue == null) {
      if (required) {
        throw new ConversionException("column " + column + " is REQUIRED in BigQuery and " + field + " is empty: give "
            + "the CRM record a value, make the column NULLABLE, or make the field RECEIVE");
      }
      return null;
    }
    return bound(crmValue);
  }

  /**
   * The value as the adapter binds it. A typed field's value must be of its type even where the
   * column would take any text: a DATE field holding '2026-02-30' is not sent as text.
   */
  private Object bound(Object crmValue) {
    if (fieldType == FieldType.JSON && columnType == ColumnType.STRING) {
      // As JSON text, a JSON string scalar included, so that reading the cell back gives the same value.
      return CrmValues.jsonOf(crmValue);
    }
    if (fieldType != FieldType.ANY && fieldType != FieldType.STRING && columnType == ColumnType.STRING) {
      return CrmValues.text(CrmValues.toCrm(fieldType, crmValue, zone));
    }
    return CrmValues.toWarehouse(columnType, crmValue);
  }

  /** The CRM value after a trip through the column, read back as the CRM field reads it. */
  Object throughColumn(Object crmValue) {
    if (crmValue == null) {
      return null;
    }
    return fromCell(ColumnHolds.held(columnType, bound(crmValue)), crmValue);
  }

  /** The compared text of a CRM value this field sends (SEND or BOTH): the value as the column will hold it. */
  public String sent(Object crmValue) {
    if (fieldType == FieldType.ANY) {
      return compared(crmValue);
    }
    if (crmValue == null) {
      return CrmValues.NULL;
    }
    Object held;
    try {
      held = ColumnHolds.held(columnType, bound(crmValue));
    } catch (ConversionException e) {
      return compared(crmValue); // it will not be sent either: the write rejects its pair with the reason
    }
    try {
      return CrmValues.canonical(fieldType, fromCell(held, crmValue));
    } catch (ConversionException e) {
      // The column holds it but the field cannot read it back (Long.MAX_VALUE in FLOAT64 is 2^63):
      // compared as the column holds it, so it is written once.
      return IN_COLUMN + CrmValues.canonicalNatural(held);
    }
  }

  /**
   * The compared text of a cell this field sends to (SEND): as the CRM field reads it, or, when it
   * does not read back, as the column holds it (see {@link #sent}); so SEND overwrites a cell that
   * does not convert and then counts it as unchanged.
   */
  public String cellText(Object cell, Object current) {
    try {
      return compared(fromCell(cell, current));
    } catch (ConversionException e) {
      return IN_COLUMN + CrmValues.canonicalNatural(cell);
    }
  }

  /**
   * The compared text of a value as the CRM holds it: a RECEIVE field's CRM value, or a cell once
   * {@link #fromCell} made it a CRM value. Custom fields compare as the column holds them, so 42 in
   * the CRM and '42' in a STRING column are the same value.
   */
  public String compared(Object crmValue) {
    if (crmValue == null) {
      return CrmValues.NULL;
    }
    try {
      if (fieldType == FieldType.ANY) {
        return CrmValues.canonicalNatural(ColumnHolds.held(columnType, CrmValues.toWarehouse(columnType, crmValue)));
      }
      return CrmValues.canonical(fieldType, crmValue);
    } catch (ConversionException e) {
      return UNCONVERTIBLE + crmValue;
    }
  }

  /** The snapshot text of a value the CRM holds; a value that does not convert is remembered as it is. */
  public String snapshot(Object crmValue) {
    return compared(crmValue);
  }

  /**
   * When the column cannot hold the CRM value exactly: what it holds instead, for the run's warning.
   * {@code sent} is {@link #sent}'s text for the value, which already says it for typed fields.
   */
  public Optional<RoundTripLoss> loss(Object crmValue, String sent) {
    if (crmValue == null || (fieldType != FieldType.ANY && exact(crmValue).equals(sent))
        || (fieldType == FieldType.ANY && !columnType.isNumeric() && columnType != ColumnType.DATE)) {
      return Optional.empty();
    }
    try {
      Object back = throughColumn(crmValue);
      if (exact(crmValue).equals(exact(back))) {
        return Optional.empty();
      }
      return Optional.of(new RoundTripLoss(field, column, TypedValue.of(crmValue), TypedValue.of(back),
          ColumnHolds.rounding(columnType)));
    } catch (ConversionException e) {
      return Optional.empty(); // not a rounding: the pair is rejected when the value is sent
    }
  }

  /**
   * When the CRM field holds a received cell differently: a number the CRM keeps as a double
   * (NUMERIC or BIGNUMERIC with more digits than a double has, INT64 beyond 2^53) is received as the
   * nearest double, for the run's warning. Other conversions (a TIMESTAMP's day) are the documented
   * meaning of the pair, not a loss.
   */
  public Optional<RoundTripLoss> receivedLoss(Object cell, Object held) {
    if (!(held instanceof Double d) || cell == null || cell instanceof Double) {
      return Optional.empty();
    }
    try {
      java.math.BigDecimal exact = CrmValues.number(cell);
      if (exact.compareTo(java.math.BigDecimal.valueOf(d)) == 0) {
        return Optional.empty();
      }
      return Optional.of(new RoundTripLoss(column, field, TypedValue.of(exact.stripTrailingZeros()),
          TypedValue.of(d), "the CRM keeps numbers as doubles (about 15 significant digits, whole numbers exactly up "
          + "to 2^53)"));
    } catch (ConversionException e) {
      return Optional.empty();
    }
  }

  private String exact(Object value) {
    return fieldType == FieldType.ANY ? CrmValues.canonicalNatural(value) : CrmValues.canonical(fieldType, value);
  }

  /**
   * A received custom value in the type the CRM's value already has, when it converts exactly: '43'
   * from a STRING column stays a number where the CRM holds 42, a JSON text stays an object. A value
   * that does not convert (2.5 where the CRM holds a whole number) arrives in its own type.
   */
  static Object keepType(Object incoming, Object current) {
    if (incoming == null || current == null || incoming.getClass() == current.getClass()) {
      return incoming;
    }
    try {
      if (current instanceof Long && (incoming instanceof Number || incoming instanceof String)) {
        return CrmValues.integer(incoming);
      }
      if (current instanceof Double && (incoming instanceof Number || incoming instanceof String)) {
        double d = CrmValues.number(incoming).doubleValue();
        return Double.isInfinite(d) ? incoming : d;
      }
      if (current instanceof Boolean && incoming instanceof String) {
        return CrmValues.bool(incoming);
      }
      if ((current instanceof Map<?, ?> || current instanceof List<?>) && incoming instanceof String s) {
        Object tree = CrmValues.jsonFromText(s);
        return tree instanceof Map<?, ?> || tree instanceof List<?> ? tree : incoming;
      }
      if (current instanceof String && !(incoming instanceof Map<?, ?> || incoming instanceof List<?>)) {
        return CrmValues.text(incoming);
      }
    } catch (ConversionException e) {
      // arrives in its own type
    }
    return incoming;
  }
}
