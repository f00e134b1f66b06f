package dev.bqsync.core.crm;

/** A value that does not convert between a CRM field and a BigQuery column; cheap to throw. */
public final class ConversionException extends RuntimeException {
  public ConversionException(String message) {
    super(message, null, false, false);
  }
}
