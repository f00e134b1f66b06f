package dev.bqsync.core.crm;

/** A side of a CRM sync: who won a conflict, where a value came from. */
public enum Side {
  CRM("the CRM"),
  WAREHOUSE("BigQuery");

  private final String says;

  Side(String says) {
    this.says = says;
  }

  /** The side as people name it. */
  public String says() {
    return says;
  }
}
