package dev.bqsync.core.catalog;

/** A dataset the connection can see, with the location its tables and queries live in. */
public record DatasetSummary(String project, String dataset, String location) {}
