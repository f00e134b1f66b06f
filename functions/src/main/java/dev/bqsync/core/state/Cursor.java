package dev.bqsync.core.state;

import dev.bqsync.core.usage.NumberKey;
import dev.bqsync.core.usage.RowKey;
import java.math.BigInteger;
import java.time.Instant;

/**
 * How far a usage section has read: {@code position} is the key of the last row durably written in
 * the CRM (null: nothing read yet): a whole number of at most 32 digits, kept exact, never a double;
 * or for a time key its time (microseconds) and tie-break, so a batch that ends inside a run of
 * equal times resumes at the next row of that run. {@code sourceLastModified} is the source table's
 * lastModifiedTime when the section last caught up (null while a backlog remains, and for views),
 * so an unchanged table can be skipped without a query. {@code lastRunAt} is when the section last
 * ran, for its schedule.
 */
public record Cursor(String sectionId, RowKey position, Long sourceLastModified, Instant updatedAt,
    Instant lastRunAt, long generation) {

  public Cursor {
    if (generation < 0) {
      throw new IllegalArgumentException("a cursor generation is 0 or more");
    }
  }

  /** A cursor of the first generation. */
  public Cursor(String sectionId, RowKey position, Long sourceLastModified, Instant updatedAt, Instant lastRunAt) {
    this(sectionId, position, sourceLastModified, updatedAt, lastRunAt, 0);
  }

  /** A number cursor of the first generation (NumberKey checks its 32 digits). */
  public Cursor(String sectionId, BigInteger position, Long sourceLastModified, Instant updatedAt, Instant lastRunAt) {
    this(sectionId, position == null ? null : new NumberKey(position), sourceLastModified, updatedAt, lastRunAt, 0);
  }

  public static Cursor start(String sectionId) {
    return new Cursor(sectionId, (RowKey) null, null, null, null, 0);
  }

  public Cursor at(RowKey newPosition, Instant now) {
    return new Cursor(sectionId, newPosition, null, now, lastRunAt, generation);
  }

  public Cursor at(BigInteger newPosition, Instant now) {
    return at(new NumberKey(newPosition), now);
  }

  public Cursor caughtUp(Long lastModified, Instant now, Instant runAt) {
    return new Cursor(sectionId, position, lastModified, now, runAt, generation);
  }

  /**
   * After a reset: nothing read, due at once; with {@code newGeneration} the next generation, which
   * the usage rows' ids include, so a recreated source's rows are new rows even where their keys
   * repeat old ones.
   */
  public Cursor reset(Instant now, boolean newGeneration) {
    return new Cursor(sectionId, null, null, now, null, newGeneration ? generation + 1 : generation);
  }

  /** The position as text for logs and run records ("-" when nothing was read yet). */
  public String describe() {
    return position == null ? "-" : position.text();
  }
}
