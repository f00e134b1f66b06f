package dev.bqsync.core.config;

import java.util.List;

/** The field mapping of a usage section; its shape depends on the section's kind. */
public sealed interface UsageMapping permits UserActivityMapping, CustomMetricMapping {
  /** Every column this mapping reads, in a stable order. */
  List<String> columns();
}
