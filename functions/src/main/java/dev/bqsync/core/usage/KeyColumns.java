package dev.bqsync.core.usage;

/**
 * The columns a section's rows are ordered and positioned by: the key and its type, and for a
 * TIMESTAMP or DATETIME key the tie-break column and its type (null for number keys).
 */
public record KeyColumns(String key, ColumnType keyType, String tieBreak, ColumnType tieBreakType) {
  public KeyColumns {
    if (SourceSchemaCheck.TIME_KEY_TYPES.contains(keyType) != (tieBreak != null)) {
      throw new IllegalArgumentException("a time key has a tie-break column, a number key none");
    }
  }

  public static KeyColumns number(String key, ColumnType keyType) {
    return new KeyColumns(key, keyType, null, null);
  }

  public boolean isTime() {
    return tieBreak != null;
  }

  /**
   * Why a cursor cannot be used with these columns (the section's key changed type since it was
   * written), with the fix; empty when it fits.
   */
  public java.util.Optional<String> misfit(RowKey cursor, String tenantId, String sectionId) {
    boolean fits = cursor == null
        || cursor instanceof NumberKey && !isTime()
        || cursor instanceof TimeKey t && isTime() && t.zoned() == (keyType == ColumnType.TIMESTAMP)
            && (t.tieBreak() instanceof TieBreak.Int) == (tieBreakType == ColumnType.INT64);
    return fits ? java.util.Optional.empty() : java.util.Optional.of("the cursor is at " + cursor.text()
        + ", which does not fit key column '" + key + "' (" + keyType + (isTime() ? ", tie-break " + tieBreak + " "
        + tieBreakType : "") + "): the key changed since the cursor was written. Read the source again with "
        + "bqsync cursor reset --recreated --tenant " + tenantId + " --section " + sectionId
        + " (new ids: what was written under the old key stays)");
  }
}
