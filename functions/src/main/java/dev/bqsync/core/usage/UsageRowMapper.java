package dev.bqsync.core.usage;

import dev.bqsync.core.config.ColumnOrConstant;
import dev.bqsync.core.config.CustomMetricMapping;
import dev.bqsync.core.config.UsageSection;
import dev.bqsync.core.config.UserActivityMapping;
import dev.bqsync.core.state.RejectedRow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns source rows into User Activities or Custom Metric points, or rejections with the field and
 * reason. Pure and allocation-light: this runs for every row.
 */
public final class UsageRowMapper {
  private static final Pattern DIMENSION = Pattern.compile("[A-Za-z0-9_]{1,100}");

  private final UsageSection section;
  private final ZoneId zone;
  private final long generation;

  public UsageRowMapper(UsageSection section, ZoneId zone) {
    this(section, zone, 0);
  }

  /** A mapper for rows read in cursor generation {@code generation} (their ids include it). */
  public UsageRowMapper(UsageSection section, ZoneId zone, long generation) {
    this.section = section;
    this.zone = zone;
    this.generation = generation;
  }

  /** Maps a row whose key already parsed. */
  public MappedRow map(RowKey key, SourceRow row) {
    try {
      String id = UsageRecord.idFor(section.id(), generation, key);
      UsageRecord record = section.mapping() instanceof UserActivityMapping ua
          ? activity(id, key, ua, row) : metric(id, key, (CustomMetricMapping) section.mapping(), row);
      return new MappedRow.Accepted(key, record);
    } catch (RowProblem p) {
      return new MappedRow.Rejected(key, p.reason, new RejectedRow(key.text(), p.reason.name(), p.getMessage()));
    }
  }

  /** A row whose key is unusable. */
  public static MappedRow rejectKey(Object rawKey, UsageKey.Invalid invalid) {
    return new MappedRow.Rejected(null, invalid.reason(),
        new RejectedRow(UsageKey.describe(rawKey), invalid.reason().name(), invalid.detail()));
  }

  private UserActivity activity(String id, RowKey key, UserActivityMapping m, SourceRow row) {
    String email = text(m.email(), row, false);
    String externalId = text(m.externalId(), row, false);
    if (email == null && externalId == null) {
      throw new RowProblem(RejectionReason.REQUIRED_FIELD_NULL, "the end user is missing: "
          + String.join(" and ", nonNull(m.email(), m.externalId())) + " null");
    }
    String action = m.action().isColumn() ? text(m.action().column(), row, true) : m.action().constant();
    Instant date = date(m.date(), row);
    Double weight = m.weight() == null ? null : number(m.weight(), row, false) == null ? null
        : number(m.weight(), row, false).doubleValue();
    Map<String, Object> info = new LinkedHashMap<>();
    for (String column : m.info()) {
      info.put(column, row.value(column));
    }
    checkSize(m, row, info);
    return new UserActivity(id, section.id(), key.text(), email == null ? null : email.trim(), externalId,
        text(m.companyExternalId(), row, false), action, date, text(m.name(), row, false), weight, info);
  }

  /**
   * An activity is one document of the CRM's store, which holds at most 1 MiB per document: a row
   * whose values would not fit is rejected (naming its largest value), never a failed batch.
   * Sizes follow the store's rule (UTF-8 bytes + 1 per text and field name), with room left for the
   * document's name and its fixed fields.
   */
  static final int MAX_ACTIVITY_BYTES = 1_000_000;

  private static void checkSize(UserActivityMapping m, SourceRow row, Map<String, Object> info) {
    long total = 0;
    String largest = null;
    long largestSize = -1;
    Map<String, Object> values = new LinkedHashMap<>();
    for (String column : nonNull(m.email(), m.externalId(), m.companyExternalId(), m.name())) {
      values.put(column, row.value(column));
    }
    if (m.action().isColumn()) {
      values.put(m.action().column(), row.value(m.action().column()));
    }
    info.forEach((column, value) -> values.put("info." + column, value));
    for (Map.Entry<String, Object> e : values.entrySet()) {
      long size = StoredSize.field(e.getKey(), e.getValue());
      total += size;
      if (size > largestSize) {
        largestSize = size;
        largest = e.getKey();
      }
    }
    if (total > MAX_ACTIVITY_BYTES) {
      throw new RowProblem(RejectionReason.VALUE_TOO_LARGE, largest + " is " + largestSize + " bytes and the row "
          + total + " bytes; an activity holds at most " + MAX_ACTIVITY_BYTES + " bytes (the CRM store's 1 MiB per "
          + "record): shorten or leave out that column (a view can cut it with SUBSTR)");
    }
  }

  private MetricPoint metric(String id, RowKey key, CustomMetricMapping m, SourceRow row) {
    String externalId = text(m.externalId(), row, true);
    String dimension = dimension(m.dimensionId(), row);
    BigDecimal value = number(m.value(), row, true);
    Instant date = date(m.date(), row);
    LocalDate day = date.atZone(zone).toLocalDate();
    return new MetricPoint(id, section.id(), key.text(), section.model(), externalId, dimension, value, date, day,
        m.aggregation());
  }

  private String dimension(ColumnOrConstant source, SourceRow row) {
    if (!source.isColumn()) {
      return source.constant();
    }
    String value = text(source.column(), row, true);
    if (!DIMENSION.matcher(value).matches()) {
      throw new RowProblem(RejectionReason.VALUE_NOT_CONVERTIBLE, source.column() + ": dimension '" + abbreviate(value)
          + "' must be 1-100 letters, digits or underscores");
    }
    return value;
  }

  private static String text(String column, SourceRow row, boolean required) {
    if (column == null) {
      return null;
    }
    Object value = row.value(column);
    if (value == null || value instanceof String s && s.isBlank()) {
      if (required) {
        throw new RowProblem(RejectionReason.REQUIRED_FIELD_NULL, column + " is " + (value == null ? "null" : "empty"));
      }
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    throw new RowProblem(RejectionReason.VALUE_NOT_CONVERTIBLE, column + ": a " + value.getClass().getSimpleName()
        + " is not text");
  }

  private static BigDecimal number(String column, SourceRow row, boolean required) {
    Object value = row.value(column);
    if (value == null) {
      if (required) {
        throw new RowProblem(RejectionReason.REQUIRED_FIELD_NULL, column + " is null");
      }
      return null;
    }
    try {
      if (value instanceof BigDecimal d) {
        return d;
      }
      if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
        return new BigDecimal(value.toString());
      }
      if (value instanceof Double d) {
        if (d.isNaN() || d.isInfinite()) {
          throw new NumberFormatException();
        }
        return BigDecimal.valueOf(d);
      }
      if (value instanceof String s) {
        return new BigDecimal(s.trim());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new RowProblem(RejectionReason.VALUE_NOT_CONVERTIBLE, column + ": '" + abbreviate(String.valueOf(value))
        + "' is not a number");
  }

  private Instant date(String column, SourceRow row) {
    Object value = row.value(column);
    if (value == null) {
      throw new RowProblem(RejectionReason.REQUIRED_FIELD_NULL, column + " is null");
    }
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof LocalDateTime t) {
      return t.atZone(zone).toInstant();
    }
    if (value instanceof LocalDate d) {
      return d.atStartOfDay(zone).toInstant();
    }
    if (value instanceof String s) {
      String text = s.trim();
      try {
        return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
      } catch (DateTimeException notOffset) {
        try {
          return ZonedDateTime.parse(text.replace(' ', 'T')).toInstant();
        } catch (DateTimeException notZoned) {
          try {
            return LocalDateTime.parse(text.replace(' ', 'T')).atZone(zone).toInstant();
          } catch (DateTimeException notLocal) {
            try {
              return LocalDate.parse(text).atStartOfDay(zone).toInstant();
            } catch (DateTimeException notDate) {
              throw new RowProblem(RejectionReason.DATE_UNPARSEABLE, column + ": '" + abbreviate(text)
                  + "' is not an ISO-8601 date or time");
            }
          }
        }
      }
    }
    throw new RowProblem(RejectionReason.DATE_UNPARSEABLE, column + ": a " + value.getClass().getSimpleName()
        + " is not a date; use a TIMESTAMP, DATETIME, DATE or ISO-8601 text column");
  }

  private static String[] nonNull(String... names) {
    return java.util.Arrays.stream(names).filter(java.util.Objects::nonNull).toArray(String[]::new);
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }

  /** A row-level problem; cheap to throw (no stack trace) because bad rows can be many. */
  private static final class RowProblem extends RuntimeException {
    private final RejectionReason reason;

    RowProblem(RejectionReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
