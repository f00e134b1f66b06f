package dev.bqsync.gcp;

import com.google.cloud.bigquery.BigQueryException;
import java.util.regex.Pattern;

/**
 * Whether BigQuery refused a statement because of a value in one of its rows (a NULL into a
 * REQUIRED column, a value out of a type's range, a value that does not cast), rather than for the
 * statement itself. Decided by the message of a 400 answer, since BigQuery gives such refusals no
 * reason of their own ("invalid" or "invalidQuery", like a syntax error).
 */
final class RowRefusal {
  private static final Pattern ROW_LEVEL = Pattern.compile("(?i)(not null constraint|cannot be null|null value"
      + "|required field|out of range|overflow|invalid (numeric|bignumeric|int64|date|datetime|timestamp|json|bool)"
      + "|bad (int64|double|bool|date|timestamp|numeric) value|could not cast|cannot cast|is not json)");

  private RowRefusal() {}

  static boolean isRowLevel(RuntimeException e) {
    BigQueryException bq = cause(e);
    return bq != null && bq.getCode() == 400 && bq.getMessage() != null && ROW_LEVEL.matcher(bq.getMessage()).find();
  }

  /** BigQuery's own words for the refusal. */
  static String message(RuntimeException e) {
    BigQueryException bq = cause(e);
    return bq != null ? bq.getMessage() : e.getMessage();
  }

  private static BigQueryException cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BigQueryException bq) {
        return bq;
      }
    }
    return null;
  }
}
