package p2pshare.swarm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Which peers a torrent dials: the source's list minus ourselves, peers already connected or
 * being dialled, and peers banned for bad data. Owned by the engine's context.
 */
final class PeerDiscovery {
  private static final Logger LOG = Logger.getLogger(PeerDiscovery.class.getName());
  private final Set<String> dialing = new HashSet<>();
  /** Peer ids and addresses of peers dropped for bad data: never accepted or dialled again. */
  private final Set<String> banned = new HashSet<>();
  private final List<String> dropped = new ArrayList<>();

  int dialingCount() {
    return dialing.size();
  }

  boolean isBanned(String peerIdOrAddress) {
    return banned.contains(peerIdOrAddress);
  }

  void ban(PeerConnection conn) {
    banned.add(conn.remotePeerId);
    banned.add(conn.address);
    dropped.add(conn.address);
  }

  List<String> dropped() {
    return List.copyOf(dropped);
  }

  /** Dials the new addresses while the torrent has room for more peers. */
  void dialNew(Torrent torrent, Collection<PeerAddress> addresses, Set<String> connected) {
    for (PeerAddress address : addresses) {
      String key = address.toString();
      if (torrent.isFull()) {
        return;
      }
      if (torrent.engine.isSelf(address) || banned.contains(key) || connected.contains(key)
          || dialing.contains(key)) {
        continue;
      }
      dialing.add(key);
      torrent.engine.dial(torrent, address).onComplete(result -> {
        dialing.remove(key);
        if (result.failed()) {
          LOG.fine(() -> "cannot connect to " + key + ": " + result.cause().getMessage());
        }
      });
    }
  }
}
