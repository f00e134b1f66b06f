package dev.bqsync.core.state;

/** The scheduled jobs of a tenant; each has its own lease, so a usage pull and a CRM sync can overlap. */
public enum JobKind {
  USAGE_PULL("usage"),
  CRM_SYNC("crm");

  private final String id;

  JobKind(String id) {
    this.id = id;
  }

  /** The short id used in document ids, log labels and request bodies. */
  public String id() {
    return id;
  }
}
