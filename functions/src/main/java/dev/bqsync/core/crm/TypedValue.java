package dev.bqsync.core.crm;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A value as people read it in conflicts, rejections and plans: text in quotes ({@code "Acme"}),
 * dates, times, numbers and booleans as written ({@code 2027-01-31}, {@code 42}, {@code true}),
 * JSON as JSON, and {@code (empty)} for null. Made from a snapshot's storage encoding
 * ({@link CrmValues#canonical}), which stays internal: it is persisted, never shown.
 */
public record TypedValue(String type, String text) {
  public static final TypedValue EMPTY = new TypedValue("NULL", "(empty)");

  /** The value behind a canonical (snapshot) text. */
  public static TypedValue fromCanonical(String canonical) {
    if (canonical == null || canonical.equals(CrmValues.NULL)) {
      return EMPTY;
    }
    if (canonical.length() < 2 || canonical.charAt(1) != ':') {
      return new TypedValue("STRING", quoted(canonical));
    }
    String body = canonical.substring(2);
    return switch (canonical.charAt(0)) {
      case 's' -> new TypedValue("STRING", quoted(body));
      case 'i' -> new TypedValue("INTEGER", body);
      case 'n' -> new TypedValue("NUMBER", body);
      case 'b' -> new TypedValue("BOOLEAN", body);
      case 'd' -> new TypedValue("DATE", body);
      case 't' -> new TypedValue("TIMESTAMP", body);
      case 'j' -> new TypedValue("JSON", body);
      default -> new TypedValue("STRING", quoted(canonical));
    };
  }

  /** A Java value as read or about to be written. */
  public static TypedValue of(Object value) {
    if (value == null) {
      return EMPTY;
    }
    if (value instanceof CharSequence s) {
      return new TypedValue("STRING", quoted(s.toString()));
    }
    if (value instanceof java.util.Map<?, ?> || value instanceof java.util.List<?>) {
      return new TypedValue("JSON", CrmValues.text(value));
    }
    return new TypedValue(value.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT), CrmValues.text(value));
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }
}
