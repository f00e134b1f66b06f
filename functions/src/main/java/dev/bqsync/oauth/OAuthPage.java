package dev.bqsync.oauth;

import java.net.URI;

/**
 * What the OAuth function answers: a redirect to Google's consent page, or a small page for the
 * tenant admin with a title and words they understand (never a secret).
 */
public record OAuthPage(int status, URI redirect, String title, String message) {
  public static OAuthPage redirect(URI to) {
    return new OAuthPage(302, to, null, null);
  }

  public static OAuthPage page(int status, String title, String message) {
    return new OAuthPage(status, null, title, message);
  }
}
