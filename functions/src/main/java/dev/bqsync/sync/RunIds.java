package dev.bqsync.sync;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Run ids that sort by time and are valid as Firestore ids and BigQuery label values
 * (lower-case letters, digits, dashes): {@code 20261123-101530-3f9a1c2e}.
 */
public final class RunIds {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  public static String next(Instant now) {
    return TIME.format(now) + "-" + String.format("%08x", RANDOM.nextInt());
  }
}
