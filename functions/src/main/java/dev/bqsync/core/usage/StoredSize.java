package dev.bqsync.core.usage;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * About how many bytes the CRM's store (Firestore) counts for a value: a text is its UTF-8 bytes
 * plus one, a field its name plus its value, a map its fields, null one byte, other values their
 * text. Used to reject a row that cannot fit one record and to keep commits under their limit.
 */
public final class StoredSize {
  private StoredSize() {}

  public static long text(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length + 1L;
  }

  public static long field(String name, Object value) {
    return text(name) + of(value);
  }

  public static long of(Object value) {
    if (value == null) {
      return 1;
    }
    if (value instanceof Map<?, ?> map) {
      long total = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        total += field(String.valueOf(e.getKey()), e.getValue());
      }
      return total;
    }
    return text(String.valueOf(value));
  }
}
