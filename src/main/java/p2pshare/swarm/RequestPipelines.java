package p2pshare.swarm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import p2pshare.wire.PeerMessage;

/**
 * Keeps each peer's request pipeline topped up with the blocks the picker chooses, as deep as the
 * peer's measured rate asks for ({@link PiecePicker#pipelineDepth}). Touched only on the engine's
 * context.
 */
final class RequestPipelines {
  private final PiecePicker picker;
  private final TorrentPeers peers;

  RequestPipelines(PiecePicker picker, TorrentPeers peers) {
    this.picker = picker;
    this.peers = peers;
  }

  void fill(PeerConnection conn, long now) {
    if (conn.isClosed() || conn.peerChoking || !conn.amInterested) {
      return;
    }
    int outstanding = picker.outstanding(conn.id);
    int depth = PiecePicker.pipelineDepth(conn.down.perSecond(now));
    picker.pipeline(conn.id, depth);
    int room = depth - outstanding;
    // Top the pipeline up in batches of an eighth: one write carries many requests instead of a
    // write (and a syscall) per received block, and the pipe never drains below 7/8.
    if (room <= 0 || outstanding > 0 && room < depth / 8) {
      return;
    }
    List<Block> blocks = picker.pick(conn.id, room);
    if (blocks.isEmpty()) {
      return;
    }
    if (outstanding == 0) {
      conn.lastDataAt = now;
    }
    conn.sendAll(blocks.stream()
        .map(b -> new PeerMessage.Request(b.piece(), b.begin(), b.length())).toList());
  }

  /**
   * Tops up every pipeline, the emptiest first. When the open-piece budget is what limits (the
   * workers hashing and writing are behind, as on a busy machine), each verified piece frees one
   * slot; in map order the first peer took every freed slot and the others starved to nothing.
   */
  void fillAll(long now) {
    List<PeerConnection> hungriestFirst = new ArrayList<>(peers.connections());
    hungriestFirst.sort(Comparator.comparingInt(c -> picker.outstanding(c.id)));
    hungriestFirst.forEach(c -> fill(c, now));
  }
}
