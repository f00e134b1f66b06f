package dev.bqsync.core.state;

import java.math.BigInteger;
import java.time.Instant;

/**
 * How far a usage section has read: the highest key that is durably written in the CRM. Keys are
 * unique, numeric and at most 32 digits, so they are kept as exact integers, never doubles.
 * {@code sourceLastModified} is the source table's lastModifiedTime when the section last caught up
 * (null when unknown or for views), so an unchanged table can be skipped without a query.
 */
public record Cursor(String sectionId, BigInteger position, Long sourceLastModified, Instant updatedAt) {
  public Cursor {
    if (position == null || position.abs().toString().length() > 32) {
      throw new IllegalArgumentException("cursor position must be an integer of at most 32 digits");
    }
  }
}
