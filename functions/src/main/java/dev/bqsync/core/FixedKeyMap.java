package dev.bqsync.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only map whose keys are shared by many instances (the columns of every row of a query,
 * the fields of every record of a section) and whose values are one small array: a fraction of a
 * HashMap's memory, which is what lets a sync hold a million rows and records per side. Null
 * values are allowed; keys are few, so lookups scan.
 */
public final class FixedKeyMap extends AbstractMap<String, Object> {
  private final String[] keys;
  private final Object[] values;

  /** {@code keys} is shared and must not change; {@code values} belongs to this map. */
  public FixedKeyMap(String[] keys, Object[] values) {
    if (keys.length != values.length) {
      throw new IllegalArgumentException("as many values as keys");
    }
    this.keys = keys;
    this.values = values;
  }

  @Override
  public Object get(Object key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    for (String k : keys) {
      if (k.equals(key)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }
}
