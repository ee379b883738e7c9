package p2pshare.swarm;

/** Where a peer listens, as the tracker lists it ({@code ip:port}). */
public record PeerAddress(String host, int port) {
  public PeerAddress {
    if (host == null || host.isBlank() || port <= 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("bad peer address " + host + ":" + port);
    }
  }

  public static PeerAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("peer address must be ip:port, not '" + hostPort + "'");
    }
    try {
      return new PeerAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("peer address must be ip:port, not '" + hostPort + "'");
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
