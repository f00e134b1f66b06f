package dev.bqsync.core.crm;

import java.util.Map;

/**
 * A CRM record as a CRM section sees it: its id, its fields (key fields and mapped fields; custom
 * fields as {@code custom.<name>}), and this section's snapshot: the canonical value of each BOTH
 * field when it was last synced.
 */
public record CrmRecord(String id, Map<String, Object> fields, Map<String, String> snapshot) {
  public CrmRecord {
    // Not copied: a section holds up to a million records, and their maps are built for the record.
    fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(fields);
    snapshot = snapshot == null ? Map.of() : Map.copyOf(snapshot);
  }

  public Object field(String name) {
    return fields.get(name);
  }
}
