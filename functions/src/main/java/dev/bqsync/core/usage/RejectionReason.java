package dev.bqsync.core.usage;

/**
 * Why a row was not written, for both jobs (usage pull and CRM sync). Each one is counted and sampled
 * in the run record by its name.
 */
public enum RejectionReason {
  NULL_KEY("the key column is null"),
  EMPTY_KEY("the key is empty text"),
  KEY_NOT_NUMERIC("the key is not a whole number"),
  KEY_TOO_LONG("the key has more than 32 digits"),
  DUPLICATE_KEY("another row or record has the same key"),
  KEY_NOT_AN_ID("the key cannot be a CRM record id (it holds '/' or control characters, is '.' or '..', looks like "
      + "__name__, or is longer than 1,500 bytes)"),
  REQUIRED_FIELD_NULL("a required field is null"),
  VALUE_NOT_CONVERTIBLE("a value does not convert to the field's type"),
  DATE_UNPARSEABLE("the date does not parse"),
  VALUE_TOO_LARGE("the row's values are larger than the CRM can hold in one record"),
  TARGET_NOT_FOUND("the target CRM record did not appear within 7 days"),
  WAREHOUSE_REFUSED("BigQuery refused the row when it was written (its message says why)");

  private final String meaning;

  RejectionReason(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
