package dev.bqsync.core.crm;

/**
 * A field whose values do not survive the trip through the other side exactly (a double into
 * NUMERIC, a large whole number into FLOAT64): the run says so once per field, with an example,
 * instead of writing the value again on every run.
 */
public record RoundTripLoss(String field, String column, TypedValue example, TypedValue held, String how) {
  /** The warning in the run record. */
  public String says() {
    return field + " -> " + column + ": " + how + ", so " + example + " is held as " + held
        + "; such values are written once and then count as unchanged";
  }
}
