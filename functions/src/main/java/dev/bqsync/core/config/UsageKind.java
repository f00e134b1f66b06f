package dev.bqsync.core.config;

/** What a usage section's rows become in the CRM. */
public enum UsageKind {
  USER_ACTIVITY, CUSTOM_METRIC
}
