package dev.bqsync.oauth;

import java.net.URI;

/**
 * What the OAuth function answers: a redirect to Google's consent page (with the browser cookie the
 * callback checks), or a small page for the tenant admin with a title and words they understand
 * (never a secret).
 */
public record OAuthPage(int status, URI redirect, String title, String message, String browserCookie) {
  public static OAuthPage redirect(URI to, String browserCookie) {
    return new OAuthPage(302, to, null, null, browserCookie);
  }

  public static OAuthPage page(int status, String title, String message) {
    return new OAuthPage(status, null, title, message, null);
  }

  /** The one answer for every start or callback that is not allowed: it says nothing about any tenant. */
  public static OAuthPage refused() {
    return page(403, "This link cannot be used", "This connect link is not valid here: it may have expired, been "
        + "used already, or been opened in another browser. Start again from your CRM's BigQuery settings.");
  }
}
