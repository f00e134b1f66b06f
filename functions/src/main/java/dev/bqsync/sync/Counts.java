package dev.bqsync.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A counters record as named numbers, in its declaration order, for the run record, the log line
 * and the HTTP answer alike: adding a counter to the record is the only edit.
 */
public final class Counts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Counts() {}

  public static Map<String, Long> of(Record counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (counts == null) {
      return out;
    }
    Map<?, ?> values = JSON.convertValue(counts, LinkedHashMap.class);
    values.forEach((name, value) -> out.put(String.valueOf(name), ((Number) value).longValue()));
    return out;
  }
}
