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

  List<ParkedRow> parked(String tenantId, String sectionId, int limit);

  void remove(String tenantId, Collection<String> recordIds);
}
