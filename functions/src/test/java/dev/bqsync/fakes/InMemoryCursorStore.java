package dev.bqsync.fakes;

import dev.bqsync.core.state.Cursor;
import dev.bqsync.core.state.Lease;
import dev.bqsync.port.CursorStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryCursorStore implements CursorStore {
  private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();

  @Override
  public Optional<Cursor> find(String tenantId, String sectionId) {
    return Optional.ofNullable(cursors.get(tenantId + "/" + sectionId));
  }

  @Override
  public void commit(String tenantId, Cursor cursor, Lease lease) {
    cursors.put(tenantId + "/" + cursor.sectionId(), cursor);
  }

  @Override
  public Cursor reset(String tenantId, String sectionId, boolean newGeneration) {
    Cursor reset = find(tenantId, sectionId).orElse(Cursor.start(sectionId)).reset(java.time.Instant.now(), newGeneration);
    cursors.put(tenantId + "/" + sectionId, reset);
    return reset;
  }
}
