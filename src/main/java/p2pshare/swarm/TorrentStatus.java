package p2pshare.swarm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import p2pshare.storage.PieceSet;

/** An immutable snapshot of one torrent, for show_downloads and the UI's piece map. */
public record TorrentStatus(
    String infoHash,
    String name,
    String group,
    Path file,
    State state,
    boolean downloaded,
    int piecesDone,
    int pieceCount,
    long bytesDone,
    long length,
    double downloadRate,
    double uploadRate,
    int peers,
    String reason,
    List<PieceView> pieces,
    List<PeerView> peerList,
    List<String> droppedPeers) {

  public enum State {
    DOWNLOADING('D'),
    COMPLETE('C'),
    FAILED('F');

    private final char letter;

    State(char letter) {
      this.letter = letter;
    }

    /** The letter show_downloads prints: D, C or F. */
    public char letter() {
      return letter;
    }
  }

  public enum PieceState { DONE, ACTIVE, MISSING }

  /** One view per piece: done (with who sent it), being fetched, or missing. */
  static List<PieceView> pieceMap(PieceSet have, Set<Integer> active, String[] sources) {
    List<PieceView> pieces = new ArrayList<>(have.pieceCount());
    for (int i = 0; i < have.pieceCount(); i++) {
      PieceState state = have.has(i) ? PieceState.DONE
          : active.contains(i) ? PieceState.ACTIVE : PieceState.MISSING;
      pieces.add(new PieceView(state, sources[i] == null ? "" : sources[i]));
    }
    return pieces;
  }

  /** @param from the peer(s) that sent the piece, comma separated; "" if we had it already */
  public record PieceView(PieceState state, String from) {}

  public record PeerView(
      String address,
      String client,
      boolean incoming,
      long downloaded,
      long uploaded,
      double downloadRate,
      double uploadRate,
      boolean choked,
      boolean interested) {}
}
