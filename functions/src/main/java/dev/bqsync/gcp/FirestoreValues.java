package dev.bqsync.gcp;

import com.google.cloud.Timestamp;
import java.time.Instant;

/** Conversions between java.time and Firestore values. */
final class FirestoreValues {
  private FirestoreValues() {}

  static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }

  static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
