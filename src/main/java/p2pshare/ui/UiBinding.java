package p2pshare.ui;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a client's browser UI listens. Always a loopback address: the UI drives the user's own
 * peer, so nothing off the machine may reach it.
 *
 * @param host a loopback host, {@code localhost} or {@code 127.x.y.z}
 * @param port the port to try first; 0 asks the system for a free one
 * @param anyPortIfTaken whether a taken port falls back to a free one (true for the derived
 *     default, false when the user named the port with {@code --ui})
 */
public record UiBinding(String host, int port, boolean anyPortIfTaken) {
  public static final String DEFAULT_HOST = "127.0.0.1";

  /**
   * The default UI port sits this far above the peer port, so several clients on one machine (peers
   * on 6000, 6001, ...) get distinct UI ports that are easy to guess from the peer address.
   */
  static final int PORT_OFFSET_FROM_PEER = 1000;

  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");

  public UiBinding {
    if (host == null || !(host.equals("localhost") || IPV4_LOOPBACK.matcher(host).matches())) {
      throw new IllegalArgumentException(
          "UI host '" + host + "' is not a loopback address (use 127.0.0.1 or localhost)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("UI port " + port + " is out of range (0-65535)");
    }
  }

  /** The default beside a peer listening on {@code peerPort}; falls back to any free port. */
  public static UiBinding besidePeerPort(int peerPort) {
    int port = peerPort + PORT_OFFSET_FROM_PEER;
    return new UiBinding(DEFAULT_HOST, port <= 65_535 ? port : 0, true);
  }

  /**
   * What a client uses: its {@code --ui} option if given, else the default beside its peer port.
   */
  public static UiBinding forClient(Optional<String> uiOption, int peerPort) {
    return uiOption.map(UiBinding::parse).orElseGet(() -> besidePeerPort(peerPort));
  }

  /**
   * Parses the {@code --ui} option: {@code HOST:PORT}, or just {@code PORT} on 127.0.0.1. A port
   * the user named is not silently replaced when taken.
   */
  public static UiBinding parse(String option) {
    String text = option == null ? "" : option.strip();
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? DEFAULT_HOST : text.substring(0, colon);
    String portText = text.substring(colon + 1);
    if (!portText.matches("\\d{1,5}")) {
      throw new IllegalArgumentException(
          "--ui '" + text + "' is not HOST:PORT (for example 127.0.0.1:7000)");
    }
    return new UiBinding(host, Integer.parseInt(portText), false);
  }
}
