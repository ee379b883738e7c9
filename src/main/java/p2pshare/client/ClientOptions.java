package p2pshare.client;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code client <IP:PORT> <tracker_info.txt> [--data-dir DIR] [--ui HOST:PORT]} asked for.
 *
 * @param host the address peers reach this client on (the peer listener binds there)
 * @param port the peer port
 * @param trackerFile tracker_info.txt
 * @param dataDir where the log and each user's local state live; default {@code
 *     ./data/client-<port>} so two clients on one machine never share a directory
 * @param ui where the browser UI should listen, if given (the UI part decides the default)
 */
public record ClientOptions(
    String host, int port, Path trackerFile, Path dataDir, Optional<String> ui) {

  public static final String USAGE =
      "usage: client <IP:PORT> <tracker_info.txt> [--data-dir DIR] [--ui HOST:PORT]";

  public String peerAddress() {
    return host + ":" + port;
  }

  /** Parses the arguments after {@code client}; a bad one throws with a one-line reason. */
  public static ClientOptions parse(String[] args) {
    String address = null;
    Path trackerFile = null;
    Path dataDir = null;
    String ui = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
        case "--ui" -> ui = checkedHostPort(value(args, ++i, arg), "--ui", 0);
        default -> {
          if (arg.startsWith("--")) throw new IllegalArgumentException("unknown option " + arg);
          if (address == null) address = arg;
          else if (trackerFile == null) trackerFile = Path.of(arg);
          else throw new IllegalArgumentException("unexpected argument '" + arg + "'");
        }
      }
    }
    if (address == null || trackerFile == null) {
      throw new IllegalArgumentException("missing " + (address == null ? "IP:PORT" : "tracker_info.txt"));
    }
    checkedHostPort(address, "IP:PORT", 1);
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    int port = Integer.parseInt(address.substring(colon + 1));
    if (dataDir == null) dataDir = Path.of("data", "client-" + port);
    return new ClientOptions(host, port, trackerFile, dataDir, Optional.ofNullable(ui));
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
    return args[i];
  }

  /** {@code --ui} may ask for port 0 (any free port); peers must know our real port, so not IP:PORT. */
  private static String checkedHostPort(String text, String what, int minPort) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(what + " '" + text + "' is not HOST:PORT (e.g. 127.0.0.1:7000)");
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < minPort || port > 65535) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' has no valid port (" + minPort + "-65535)");
    }
    return text;
  }
}
