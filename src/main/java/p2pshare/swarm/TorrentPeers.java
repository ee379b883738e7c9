package p2pshare.swarm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import p2pshare.wire.PeerMessage;

/**
 * A torrent's peers: its connections, the addresses it is dialling, and the peers banned for bad
 * data. Decides which listed peers to dial and which of two connections to one peer to keep.
 * Owned by the engine's context.
 */
final class TorrentPeers {
  private static final Logger LOG = Logger.getLogger(TorrentPeers.class.getName());
  private final PeerEngine engine;
  /** In the order they were adopted. */
  private final Map<Integer, PeerConnection> connections = new LinkedHashMap<>();
  private final Set<String> dialing = new HashSet<>();
  /** Peer ids and addresses of peers dropped for bad data: never accepted or dialled again. */
  private final Set<String> banned = new HashSet<>();
  private final List<String> dropped = new ArrayList<>();
  private int nextId = 1;

  interface PeerConnectionFactory {
    PeerConnection create(int id, Torrent torrent);
  }

  TorrentPeers(PeerEngine engine) {
    this.engine = engine;
  }

  /** The connection with this id, or null once it has closed. */
  PeerConnection get(int id) {
    return connections.get(id);
  }

  /** A live view: copy it ({@link #copy}) before anything that may close a connection. */
  Collection<PeerConnection> connections() {
    return connections.values();
  }

  List<PeerConnection> copy() {
    return List.copyOf(connections.values());
  }

  int size() {
    return connections.size();
  }

  boolean isFull() {
    return connections.size() + dialing.size() >= engine.options().maxPeersPerTorrent();
  }

  boolean isBanned(String peerIdOrAddress) {
    return banned.contains(peerIdOrAddress);
  }

  private void ban(PeerConnection conn) {
    banned.add(conn.remotePeerId);
    banned.add(conn.address);
    dropped.add(conn.address);
  }

  List<String> dropped() {
    return List.copyOf(dropped);
  }

  /** Bans the peers with these ids and closes their connections. */
  void dropForBadData(Collection<Integer> ids) {
    for (int id : ids) {
      PeerConnection conn = connections.get(id);
      if (conn != null) {
        ban(conn);
        conn.close("sent pieces that failed their hash twice");
      }
    }
  }

  /** Takes back a request for a block that another peer delivered first (endgame). */
  void cancel(PiecePicker.Cancel c) {
    PeerConnection conn = connections.get(c.peer());
    if (conn != null) {
      conn.send(new PeerMessage.Cancel(c.block().piece(), c.block().begin(), c.block().length()));
    }
  }

  /**
   * The connection made for a socket whose handshake matched, or empty if the socket should be
   * closed instead. When both sides dialled each other, the connection the smaller peer id opened
   * is kept, on both sides, and the other one closed.
   */
  Optional<PeerConnection> adopt(
      Torrent torrent, PeerConnectionFactory factory, String remotePeerId, boolean incoming) {
    if (banned.contains(remotePeerId)) {
      return Optional.empty();
    }
    // Closed after the search, not during it: closing takes it out of the map being searched.
    Optional<PeerConnection> existing = connections.values().stream()
        .filter(c -> c.remotePeerId.equals(remotePeerId)).findFirst();
    if (existing.isPresent()) {
      boolean weDialledNew = !incoming;
      boolean keepNew = (engine.peerId().compareTo(remotePeerId) < 0) == weDialledNew;
      if (!keepNew) {
        return Optional.empty();
      }
      existing.get().close("duplicate connection");
    }
    PeerConnection conn = factory.create(nextId++, torrent);
    connections.put(conn.id, conn);
    return Optional.of(conn);
  }

  /** True if it was one of ours (a connection closes once). */
  boolean remove(PeerConnection conn) {
    return connections.remove(conn.id) != null;
  }

  /**
   * Dials the listed peers we are not connected to, while the torrent has room for more. A peer
   * that connected to us is known by its listening address once it tells it: dialled again, it
   * would open a second connection, and the rule that keeps one of two (see {@link #adopt})
   * closed the working one for about half the pairs, at every refresh (1 -> 4: each downloader's
   * connections to the others replaced at 10 s).
   */
  void dialNew(Torrent torrent, Collection<PeerAddress> addresses) {
    Set<String> connected = new HashSet<>();
    for (PeerConnection c : connections.values()) {
      connected.add(c.address);
      if (c.listenAddress != null) connected.add(c.listenAddress);
    }
    for (PeerAddress address : addresses) {
      String key = address.toString();
      if (isFull()) {
        return;
      }
      if (engine.isSelf(address) || banned.contains(key) || connected.contains(key)
          || dialing.contains(key)) {
        continue;
      }
      dialing.add(key);
      engine.dial(torrent, address).onComplete(result -> {
        dialing.remove(key);
        if (result.failed()) {
          LOG.fine(() -> "cannot connect to " + key + ": " + result.cause().getMessage());
        }
      });
    }
  }
}
