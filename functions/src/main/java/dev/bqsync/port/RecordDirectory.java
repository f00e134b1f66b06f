package dev.bqsync.port;

import dev.bqsync.core.config.UsageModel;
import dev.bqsync.core.usage.UsageTarget;
import java.util.Collection;
import java.util.Set;

/** Tells which CRM records exist, so usage is attached only to records that are there. */
public interface RecordDirectory {
  /**
   * Of {@code values}, those for which a {@code model} record exists with that external id, or that
   * email (compared case-insensitively). Values are returned as given.
   */
  Set<String> existing(String tenantId, UsageModel model, UsageTarget.By by, Collection<String> values);
}
