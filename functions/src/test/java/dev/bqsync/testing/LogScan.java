package dev.bqsync.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Where secret values occur in captured output, described without repeating them. */
public final class LogScan {
  private static final int CONTEXT = 60;

  private LogScan() {}

  /** {@code text} with every secret (any form, even cut at the edge) left out. */
  private static String masked(String text, List<String> secrets) {
    String out = text;
    for (String secret : secrets) {
      for (String form : List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8))) {
        out = out.replace(form, "<SECRET>");
        // A context cut through a secret keeps only a part of it: drop a part of 4 or more at either edge.
        for (int n = Math.min(form.length() - 1, out.length()); n >= 4; n--) {
          if (out.startsWith(form.substring(form.length() - n))) {
            out = "<SECRET>" + out.substring(n);
            break;
          }
        }
        for (int n = Math.min(form.length() - 1, out.length()); n >= 4; n--) {
          if (out.endsWith(form.substring(0, n))) {
            out = out.substring(0, out.length() - n) + "<SECRET>";
            break;
          }
        }
      }
    }
    return out;
  }

  /** One description per secret found in {@code text} (as is or URL-encoded), with what surrounds it. */
  public static List<String> leaks(String text, List<String> secrets) {
    List<String> found = new ArrayList<>();
    for (String secret : secrets) {
      for (String form : List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8))) {
        int at = text.indexOf(form);
        if (at >= 0) {
          String before = text.substring(Math.max(0, at - CONTEXT), at);
          String after = text.substring(at + form.length(), Math.min(text.length(), at + form.length() + CONTEXT));
          found.add("a secret of " + secret.length() + " characters (starting " + secret.substring(0, Math.min(4,
              secret.length())) + "…) in: …" + masked(before, secrets) + "<SECRET>" + masked(after, secrets) + "…");
          break;
        }
      }
    }
    return found;
  }
}
