package dev.bqsync.core.usage;

import dev.bqsync.core.config.UsageModel;

/** The CRM record a usage row attaches to: a model, the key field it is found by, and the value. */
public record UsageTarget(UsageModel model, By by, String value) {
  public enum By {
    EMAIL, EXTERNAL_ID
  }
}
