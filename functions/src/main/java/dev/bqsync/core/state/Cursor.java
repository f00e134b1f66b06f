package dev.bqsync.core.state;

import java.math.BigInteger;
import java.time.Instant;

/**
 * How far a usage section has read: {@code position} is the highest key that is durably written
 * in the CRM (null: nothing read yet). Keys are unique, numeric and at most 32 digits, so they are
 * kept as exact integers, never doubles. {@code sourceLastModified} is the source table's
 * lastModifiedTime when the section last caught up (null while a backlog remains, and for views),
 * so an unchanged table can be skipped without a query. {@code lastRunAt} is when the section last
 * ran, for its schedule.
 */
public record Cursor(String sectionId, BigInteger position, Long sourceLastModified, Instant updatedAt,
    Instant lastRunAt) {
  public static final int MAX_KEY_DIGITS = 32;

  public Cursor {
    if (position != null && position.abs().toString().length() > MAX_KEY_DIGITS) {
      throw new IllegalArgumentException("cursor position must be an integer of at most 32 digits");
    }
  }

  public static Cursor start(String sectionId) {
    return new Cursor(sectionId, null, null, null, null);
  }

  public Cursor at(BigInteger newPosition, Instant now) {
    return new Cursor(sectionId, newPosition, null, now, lastRunAt);
  }

  public Cursor caughtUp(Long lastModified, Instant now, Instant runAt) {
    return new Cursor(sectionId, position, lastModified, now, runAt);
  }

  /** The position as text for logs and run records ("-" when nothing was read yet). */
  public String describe() {
    return position == null ? "-" : position.toString();
  }
}
