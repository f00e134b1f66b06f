package dev.bqsync.port;

import dev.bqsync.core.usage.UsageRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Usage rows whose CRM record does not exist yet, kept to be retried on later runs. */
public interface ParkingLot {
  record ParkedRow(UsageRecord record, Instant firstParkedAt) {}

  /** Parks rows; a row parked before keeps its first time. */
  void park(String tenantId, List<ParkedRow> rows);

  /**
   * The next {@code limit} parked rows of the section, in rotation: each call goes on after the rows
   * the last call returned and starts over at the end, so every parked row gets its turn however
   * many there are.
   */
  List<ParkedRow> parked(String tenantId, String sectionId, int limit);

  /** How many rows of the section are parked. */
  long count(String tenantId, String sectionId);

  void remove(String tenantId, Collection<String> recordIds);
}
