package p2pshare.swarm;

import io.vertx.core.Future;
import java.util.List;

/** Finds the peers sharing a file, e.g. the tracker's {@code GET /api/swarm/:infoHash/peers}. */
@FunctionalInterface
public interface PeerSource {
  /** For a seed that only waits for inbound peers. */
  PeerSource NONE = () -> Future.succeededFuture(List.of());

  Future<List<PeerAddress>> peers();
}
