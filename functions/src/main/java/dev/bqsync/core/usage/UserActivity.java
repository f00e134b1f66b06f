package dev.bqsync.core.usage;

import java.time.Instant;
import java.util.Map;

/**
 * A User Activity: the end user (by email or external id), what they did and when, optional
 * company, name and weight, and the extra columns as {@code info}. {@code id} derives from the
 * section and the row's key, so writing it again changes nothing.
 */
public record UserActivity(String id, String sectionId, String key, String email, String externalId,
    String companyExternalId, String action, Instant date, String name, Double weight, Map<String, Object> info)
    implements UsageRecord {
  public UserActivity {
    info = info == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(info));
  }

  @Override
  public UsageTarget target() {
    return email != null ? new UsageTarget(dev.bqsync.core.config.UsageModel.END_USER, UsageTarget.By.EMAIL, email)
        : new UsageTarget(dev.bqsync.core.config.UsageModel.END_USER, UsageTarget.By.EXTERNAL_ID, externalId);
  }
}
