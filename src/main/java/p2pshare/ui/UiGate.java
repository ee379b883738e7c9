package p2pshare.ui;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides whether an HTTP request (page, file or bridge) may reach the UI. Pure, so every rule is
 * tested without a socket; {@link UiServer} applies it to each request before anything else.
 *
 * <ul>
 *   <li>The path must start with the secret: a page on another site cannot guess it.
 *   <li>The Host header must name this server on loopback: a DNS-rebinding site (evil.example
 *       resolving to 127.0.0.1) arrives with its own host name and is refused.
 *   <li>An Origin header, when present, must be this server: a foreign page that somehow learnt the
 *       secret still cannot open the bridge from its origin. A missing Origin is allowed, because
 *       browsers omit it on same-origin GETs and scripts (docs/ui.md) send none.
 * </ul>
 */
final class UiGate {
  static final String NEEDS_SECRET =
      "error: this address needs the secret the client printed at start-up"
          + " (open the 'ui: http://127.0.0.1:PORT/SECRET/' line it printed)";
  static final String WRONG_HOST =
      "error: the UI answers only to 127.0.0.1 or localhost on its own port";
  static final String FOREIGN_ORIGIN =
      "error: requests from other sites are refused (open the UI from the address the client"
          + " printed)";

  /** Why a request was refused: the HTTP status and a one-line message for whoever sent it. */
  record Refusal(int status, String message) {}

  private final UiSecret secret;
  private final Set<String> hostNames;

  /** {@code boundHost} joins 127.0.0.1 and localhost as a name this server answers to. */
  UiGate(UiSecret secret, String boundHost) {
    this.secret = secret;
    this.hostNames =
        Stream.of("127.0.0.1", "localhost", lower(boundHost))
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * @param path the request path
   * @param host the Host header's host part, null if absent
   * @param hostPort the Host header's port, -1 if absent
   * @param origin the Origin header, null if absent
   * @param localPort the port this server actually listens on
   */
  Optional<Refusal> judge(String path, String host, int hostPort, String origin, int localPort) {
    if (host == null || hostPort != localPort || !hostNames.contains(lower(host))) {
      return Optional.of(new Refusal(421, WRONG_HOST));
    }
    if (origin != null && !isOwnOrigin(origin, localPort)) {
      return Optional.of(new Refusal(403, FOREIGN_ORIGIN));
    }
    if (!secret.opens(path)) {
      return Optional.of(new Refusal(403, NEEDS_SECRET));
    }
    return Optional.empty();
  }

  private boolean isOwnOrigin(String origin, int localPort) {
    String prefix = "http://";
    if (!lower(origin).startsWith(prefix)) {
      return false;
    }
    String authority = origin.substring(prefix.length());
    int colon = authority.lastIndexOf(':');
    return colon > 0
        && hostNames.contains(lower(authority.substring(0, colon)))
        && authority.substring(colon + 1).equals(Integer.toString(localPort));
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
