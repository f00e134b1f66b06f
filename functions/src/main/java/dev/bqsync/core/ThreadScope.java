package dev.bqsync.core;

/**
 * A value visible to the calling thread while a run is in it (its budget, its meter), restored to
 * what was there before when the run leaves, so nested scopes unwind correctly.
 */
final class ThreadScope<T> {
  private final ThreadLocal<T> current = new ThreadLocal<>();

  T get() {
    return current.get();
  }

  void set(T value) {
    current.set(value);
  }

  /** Puts back {@code previous} (what {@link #get} gave before the scope was entered). */
  void restore(T previous) {
    if (previous == null) {
      current.remove();
    } else {
      current.set(previous);
    }
  }
}
