package dev.bqsync.core.state;

/** A row that was not written, with its key (as text, possibly null) and the reason. */
public record RejectedRow(String key, String reason, String detail) {}
