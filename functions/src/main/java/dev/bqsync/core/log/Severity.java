package dev.bqsync.core.log;

/** Cloud Logging severities, in increasing order. */
public enum Severity {
  DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL
}
