package dev.bqsync.core.log;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last guard that keeps secrets out of logs and run records. Secret values are never logged
 * on purpose; this catches the accidents: fields whose name says "secret", text shaped like a
 * Google token, code or client secret (also URL-encoded), secret-named pairs in JSON, form bodies
 * and headers, and every value it has {@linkplain #learn learned} (each secret bqsync loads or
 * stores), which covers the secrets no pattern can recognise.
 */
public final class SecretRedactor {
  public static final String MASK = "[REDACTED]";
  private static final int MIN_LEARNED_LENGTH = 8;

  // Names a secret goes by in JSON, forms and headers; "code" is the OAuth authorisation code.
  private static final String SECRET_NAMES = "client[_-]?secret|refresh[_-]?token|access[_-]?token|id[_-]?token"
      + "|code[_-]?verifier|code";
  // A shape with group 1 keeps that group (the name before the value) and masks the rest.
  private static final List<Pattern> SHAPES = List.of(
      Pattern.compile("(?i)(\"(?:" + SECRET_NAMES + ")\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(?=\")"), // "clientSecret": "…"
      Pattern.compile("ya29\\.[A-Za-z0-9_\\-.]+"),                   // Google access tokens
      Pattern.compile("1//[A-Za-z0-9_\\-]{10,}"),                    // Google refresh tokens
      Pattern.compile("1%2F%2F[A-Za-z0-9_\\-%]{10,}"),               // ... URL-encoded
      Pattern.compile("4/0[A-Za-z0-9_\\-]{10,}"),                    // Google authorisation codes
      Pattern.compile("4%2F0[A-Za-z0-9_\\-%]{10,}"),                 // ... URL-encoded
      Pattern.compile("GOCSPX-[A-Za-z0-9_\\-]+"),                    // Google OAuth client secrets
      Pattern.compile("eyJ[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*"), // JWTs (id tokens)
      Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/\\-]+=*"),
      // Basic credentials: base64 of id:secret, told from the word "basic" by a digit, +, / or =.
      Pattern.compile("(?i)(basic\\s+)(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}"),
      Pattern.compile("(?i)((?:" + SECRET_NAMES + ")=)[^&\\s\"']+"),   // form bodies and query strings
      // Older Google client secrets have no prefix; where one is named, its value goes.
      Pattern.compile("(?i)(client[ _-]?secret['\"]?\\s*[:=]\\s*['\"]?)[^\\s\"'&,;}]+"));
  private static final Set<String> SECRET_KEY_PARTS =
      Set.of("secret", "token", "password", "credential", "verifier", "authorization");

  private final Set<String> learned = ConcurrentHashMap.newKeySet();

  /**
   * Remembers a secret value (as stored, and URL-encoded as it travels in forms) so that it is masked
   * wherever it would appear. Values shorter than 8 characters are too likely to be ordinary text.
   */
  public void learn(String secret) {
    if (secret != null && secret.length() >= MIN_LEARNED_LENGTH) {
      learned.add(secret);
      learned.add(java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (String secret : learned.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      out = out.replace(secret, MASK);
    }
    for (Pattern shape : SHAPES) {
      out = shape.matcher(out).replaceAll(m -> m.groupCount() >= 1 && m.group(1) != null
          ? Matcher.quoteReplacement(m.group(1) + MASK) : MASK);
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
