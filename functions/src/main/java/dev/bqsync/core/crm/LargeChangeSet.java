package dev.bqsync.core.crm;

import java.util.Optional;

/**
 * When an incremental CRM run's change set is too large to be worth reading incrementally
 * (docs/crm-incremental.md, *Large change sets*). The CRM side: changed records above {@code share}
 * of the keyed records the state holds (and above {@code floor}) make the run a full read, since a
 * paged scan of everything then reads about as many records as the change read and is faster; and
 * keys and ids beyond {@code maxParameterBytes} would not fit the change query's one request
 * (BigQuery caps a request at 10 MB), so they make it a full read whatever their share. The
 * BigQuery side: CRM records to fetch by id above that share are read by one scan instead.
 */
public record LargeChangeSet(double share, long floor, long maxParameterBytes) {
  /** Half the records, at least 10,000; 8 MB of key and id parameters. */
  public static final LargeChangeSet DEFAULT = new LargeChangeSet(0.5, 10_000, 8L * 1024 * 1024);
  /** What one key or id adds to the change query's request beyond its text: its JSON parameter value. */
  public static final int PARAMETER_OVERHEAD = 16;

  public LargeChangeSet {
    if (!(share > 0 && share <= 1) || floor < 0 || maxParameterBytes < 1) {
      throw new IllegalArgumentException("share in (0, 1], floor >= 0 and maxParameterBytes >= 1");
    }
  }

  /** Why the CRM records changed so far make this run a full read, if they do. */
  public Optional<String> crmChanges(long changed, long parameterBytes, long keyedRecords) {
    if (parameterBytes > maxParameterBytes) {
      return Optional.of(changed + " or more CRM records changed since the last run, more keys than one change query "
          + "holds");
    }
    if (tooMany(changed, keyedRecords)) {
      return Optional.of(changed + " or more CRM records changed since the last run, over " + percent()
          + " of the " + keyedRecords + " the state holds: a full read is cheaper");
    }
    return Optional.empty();
  }

  /** Whether {@code ids} CRM records to fetch are better read with one scan of the model. */
  public boolean fetchByScan(long ids, long keyedRecords) {
    return tooMany(ids, keyedRecords);
  }

  private boolean tooMany(long n, long keyedRecords) {
    return n > floor && n > share * keyedRecords;
  }

  /** The share as people read it: "50%", "12.5%". */
  public String percent() {
    return (Math.round(share * 1000) / 10.0 + "%").replace(".0%", "%");
  }

  /** The request bytes one changed record adds to the change query: its id and its key, if it has one. */
  public static long parameterBytes(String id, String key) {
    return id.length() + PARAMETER_OVERHEAD + (key == null ? 0 : key.length() + PARAMETER_OVERHEAD);
  }
}
