package dev.bqsync.emulator;

/** A value that does not fit its field; {@code location} is the field's path. */
final class ValueException extends RuntimeException {
  private final String location;

  ValueException(String location, String message) {
    super(message);
    this.location = location;
  }

  String location() {
    return location;
  }
}
