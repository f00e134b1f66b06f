package dev.bqsync.core.log;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The last guard that keeps secrets out of logs and run records. Secret values are never logged
 * on purpose; this catches the accidents: fields whose name says "secret", text shaped like a
 * Google token or client secret, OAuth codes in URLs, and any value registered as secret at run
 * time (a token fetched from Secret Manager, say).
 */
public final class SecretRedactor {
  public static final String MASK = "[REDACTED]";
  private static final int MIN_REGISTERED_LENGTH = 8;

  private static final List<Pattern> SHAPES = List.of(
      Pattern.compile("ya29\\.[A-Za-z0-9_\\-.]+"),              // Google access tokens
      Pattern.compile("1//[A-Za-z0-9_\\-]{10,}"),                // Google refresh tokens
      Pattern.compile("GOCSPX-[A-Za-z0-9_\\-]+"),                // Google OAuth client secrets
      Pattern.compile("eyJ[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*"), // JWTs (id tokens)
      Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/\\-]+=*"),
      Pattern.compile("(?i)((?:code|client_secret|refresh_token|access_token|code_verifier|id_token)=)[^&\\s\"']+"));
  private static final Set<String> SECRET_KEY_PARTS =
      Set.of("secret", "token", "password", "credential", "verifier", "authorization");

  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  /** Remembers a secret value so that it is masked wherever it would appear. */
  public void register(String secretValue) {
    if (secretValue != null && secretValue.length() >= MIN_REGISTERED_LENGTH) {
      registered.add(secretValue);
    }
  }

  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : registered) {
      out = out.replace(secret, MASK);
    }
    for (Pattern shape : SHAPES) {
      out = shape.matcher(out).replaceAll(m -> m.groupCount() >= 1 && m.group(1) != null
          ? java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK) : MASK);
    }
    return out;
  }

  /** True when a field of this name would hold a secret, so its value must not be written at all. */
  public boolean isSecretKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return SECRET_KEY_PARTS.stream().anyMatch(lower::contains);
  }

  /** A copy of {@code value} (maps, lists, texts) with secret keys masked and texts redacted. */
  public Object redactValue(String key, Object value) {
    if (key != null && isSecretKey(key)) {
      return MASK;
    }
    if (value instanceof String s) {
      return redact(s);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), redactValue(String.valueOf(k), v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(v -> redactValue(null, v)).toList();
    }
    return value;
  }
}
