package dev.bqsync.core.usage;

/** Why a usage row was not written. Each one is counted and sampled in the run record. */
public enum RejectionReason {
  NULL_KEY("the key column is null"),
  KEY_NOT_NUMERIC("the key is not a whole number"),
  KEY_TOO_LONG("the key has more than 32 digits"),
  DUPLICATE_KEY("another row with the same key came first"),
  REQUIRED_FIELD_NULL("a required field is null"),
  VALUE_NOT_CONVERTIBLE("a value does not convert to the field's type"),
  DATE_UNPARSEABLE("the date does not parse"),
  TARGET_NOT_FOUND("the target CRM record did not appear within 7 days");

  private final String meaning;

  RejectionReason(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
