package dev.bqsync.core.config;

/** The CRM side of a CRM section's key. */
public enum CrmKey {
  SOURCE_ID("sourceId"),
  EXTERNAL_ID("externalId"),
  /** Matched case-insensitively; only models that have an email. */
  EMAIL("email"),
  /** The CRM's native id. */
  ID("id");

  private final String field;

  CrmKey(String field) {
    this.field = field;
  }

  /** The CRM field that holds this key. */
  public String field() {
    return field;
  }
}
