package dev.bqsync.core.config;

/**
 * What a CRM section does to one side when the key disappears from the other (docs/crm-sync.md,
 * *Deletes*): leave it, blank the fields this section owns there, mark it archived, or delete it.
 */
public enum DeleteAction {
  IGNORE, CLEAR, ARCHIVE, DELETE
}
