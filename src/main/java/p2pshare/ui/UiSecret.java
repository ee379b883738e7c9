package p2pshare.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The per-run secret that opens the UI. It is the first path segment of every UI address ({@code
 * http://127.0.0.1:PORT/SECRET/}), so the page, its files and the event-bus bridge all sit behind
 * it, relative links inside the page just work, and nothing is stored in a cookie (cookies are
 * shared by every port of 127.0.0.1, so two clients would overwrite each other's).
 */
public final class UiSecret {
  /** 256 bits: far beyond guessing, and 43 URL-safe characters. */
  private static final int BYTES = 32;

  private final String value;
  private final byte[] bytes;

  private UiSecret(String value) {
    this.value = value;
    this.bytes = value.getBytes(StandardCharsets.US_ASCII);
  }

  public static UiSecret random() {
    byte[] raw = new byte[BYTES];
    new SecureRandom().nextBytes(raw);
    return new UiSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
  }

  public String value() {
    return value;
  }

  /**
   * Whether {@code path} starts with {@code /SECRET} followed by {@code /} or nothing. The segment
   * is compared in constant time so response timing reveals nothing about the secret.
   */
  public boolean opens(String path) {
    if (path == null || !path.startsWith("/")) {
      return false;
    }
    int end = path.indexOf('/', 1);
    String segment = end < 0 ? path.substring(1) : path.substring(1, end);
    return MessageDigest.isEqual(segment.getBytes(StandardCharsets.US_ASCII), bytes);
  }

  @Override
  public String toString() {
    return "UiSecret[hidden]";
  }
}
