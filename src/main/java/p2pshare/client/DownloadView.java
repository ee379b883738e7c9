package p2pshare.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import p2pshare.swarm.TorrentStatus;
import p2pshare.swarm.TorrentStatus.PeerView;
import p2pshare.swarm.TorrentStatus.PieceView;

/**
 * How downloads look to the user (show_downloads, download_detail) and to the UI (the same data as
 * JSON, docs/client-bus.md). Pure: a snapshot in, text or JSON out.
 */
final class DownloadView {
  /** Pieces per line of the piece map: fits an 80-column terminal with room to spare. */
  static final int MAP_WIDTH = 64;

  private DownloadView() {}

  /**
   * {@code [D] [group] name  45.0%  920/2048 pieces  12.3 MiB/s  3 peers}, and for a failed download
   * {@code  failed: reason} at the end. The line starts exactly as the original spec's format.
   */
  static String line(TorrentStatus s) {
    StringBuilder out = new StringBuilder()
        .append('[').append(s.state().letter()).append("] [").append(s.group()).append("] ")
        .append(s.name())
        .append("  ").append(percent(s))
        .append("  ").append(s.piecesDone()).append('/').append(s.pieceCount()).append(" pieces")
        .append("  ").append(FileListCommands.size((long) s.downloadRate())).append("/s")
        .append("  ").append(s.peers()).append(s.peers() == 1 ? " peer" : " peers");
    if (s.state() == TorrentStatus.State.FAILED) out.append("  failed: ").append(s.reason());
    return out.toString();
  }

  /** One decimal: a 1 GiB file moves 0.1 % every MiB, so the user sees it move. */
  static String percent(TorrentStatus s) {
    double fraction = s.length() == 0
        ? (s.state() == TorrentStatus.State.COMPLETE ? 1 : 0)
        : (double) s.bytesDone() / s.length();
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  static String lines(List<TorrentStatus> downloads) {
    if (downloads.isEmpty()) {
      return "no downloads (download_file <group_id> <file_name> <destination_path>)";
    }
    List<String> out = new ArrayList<>(downloads.size());
    downloads.forEach(s -> out.add(line(s)));
    return String.join("\n", out);
  }

  static JsonObject json(TorrentStatus s) {
    return new JsonObject()
        .put("group", s.group())
        .put("name", s.name())
        .put("infoHash", s.infoHash())
        .put("path", s.file().toString())
        .put("state", String.valueOf(s.state().letter()))
        .put("have", s.piecesDone())
        .put("pieces", s.pieceCount())
        .put("bytes", s.bytesDone())
        .put("length", s.length())
        .put("rate", s.downloadRate())
        .put("peers", s.peers())
        .put("reason", s.reason());
  }

  static JsonArray json(List<TorrentStatus> downloads) {
    JsonArray out = new JsonArray();
    downloads.forEach(s -> out.add(json(s)));
    return out;
  }

  /** {@code #} verified, {@code >} being fetched, {@code .} missing; {@value MAP_WIDTH} a line. */
  static String pieceMap(List<PieceView> pieces) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pieces.size(); i++) {
      if (i > 0 && i % MAP_WIDTH == 0) out.append('\n');
      out.append(switch (pieces.get(i).state()) {
        case DONE -> '#';
        case ACTIVE -> '>';
        case MISSING -> '.';
      });
    }
    return out.toString();
  }

  static String detail(TorrentStatus s) {
    StringBuilder out = new StringBuilder(line(s));
    if (!s.pieces().isEmpty()) out.append('\n').append(pieceMap(s.pieces()));
    out.append("\n# verified  > fetching  . missing");
    for (PeerView p : s.peerList()) {
      out.append("\npeer ").append(p.address()).append(p.incoming() ? " (in)" : " (out)")
          .append("  got ").append(FileListCommands.size(p.downloaded()))
          .append("  sent ").append(FileListCommands.size(p.uploaded()));
    }
    if (!s.droppedPeers().isEmpty()) {
      out.append("\ndropped for bad data: ").append(String.join(", ", s.droppedPeers()));
    }
    return out.toString();
  }

  static JsonObject detailJson(TorrentStatus s) {
    JsonArray pieces = new JsonArray();
    for (PieceView p : s.pieces()) {
      pieces.add(new JsonObject().put("state", p.state().name().toLowerCase(Locale.ROOT)).put("from", p.from()));
    }
    JsonArray peers = new JsonArray();
    for (PeerView p : s.peerList()) {
      peers.add(new JsonObject()
          .put("address", p.address()).put("client", p.client()).put("incoming", p.incoming())
          .put("downloaded", p.downloaded()).put("uploaded", p.uploaded())
          .put("downloadRate", p.downloadRate()).put("uploadRate", p.uploadRate())
          .put("choked", p.choked()).put("interested", p.interested()));
    }
    return json(s).put("pieces", pieces).put("peers", peers).put("dropped", new JsonArray(s.droppedPeers()));
  }
}
