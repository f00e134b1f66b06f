package dev.bqsync.core.config;

/** The CRM models usage data can be attached to. */
public enum UsageModel {
  COMPANY, END_USER, ASSET, PROJECT
}
