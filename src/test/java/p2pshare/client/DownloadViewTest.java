package p2pshare.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2pshare.swarm.TorrentStatus;
import p2pshare.swarm.TorrentStatus.PeerView;
import p2pshare.swarm.TorrentStatus.PieceState;
import p2pshare.swarm.TorrentStatus.PieceView;
import p2pshare.swarm.TorrentStatus.State;

class DownloadViewTest {
  private static final long MIB = 1024 * 1024;

  private static TorrentStatus status(State state, int done, int count, long bytes, long length,
      double rate, int peers, String reason) {
    List<PieceView> pieces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pieces.add(new PieceView(i < done ? PieceState.DONE : i == done ? PieceState.ACTIVE : PieceState.MISSING,
          i < done ? "127.0.0.1:7001" : ""));
    }
    return new TorrentStatus("ab".repeat(20), "movie.mkv", "films", Path.of("/tmp/movie.mkv"), state, true,
        done, count, bytes, length, rate, 0, peers, reason, pieces,
        List.of(new PeerView("127.0.0.1:7001", "-PS0001-", false, bytes, 0, rate, 0, false, true)),
        List.of("127.0.0.1:7666"));
  }

  @Test
  void downloadingLineStartsWithTheSpecFormatThenProgressRateAndPeers() {
    String line = DownloadView.line(status(State.DOWNLOADING, 920, 2048, 920 * 512 * 1024L, 1024 * MIB,
        12.5 * MIB, 3, ""));
    assertEquals("[D] [films] movie.mkv  44.9%  920/2048 pieces  12.5 MiB/s  3 peers", line);
  }

  @Test
  void completeLineSaysOneHundredPercent() {
    assertEquals("[C] [films] movie.mkv  100.0%  4/4 pieces  0 B/s  1 peer",
        DownloadView.line(status(State.COMPLETE, 4, 4, 2 * MIB, 2 * MIB, 0, 1, "")));
  }

  @Test
  void failedLineEndsWithTheReason() {
    assertEquals("[F] [films] movie.mkv  50.0%  2/4 pieces  0 B/s  0 peers  failed: whole-file SHA1 differs",
        DownloadView.line(status(State.FAILED, 2, 4, MIB, 2 * MIB, 0, 0, "whole-file SHA1 differs")));
  }

  @Test
  void emptyFileIsCompleteAtOneHundredPercentAndNotDividedByZero() {
    assertEquals("[C] [films] movie.mkv  100.0%  0/0 pieces  0 B/s  0 peers",
        DownloadView.line(status(State.COMPLETE, 0, 0, 0, 0, 0, 0, "")));
    assertEquals("[D] [films] movie.mkv  0.0%  0/0 pieces  0 B/s  0 peers",
        DownloadView.line(status(State.DOWNLOADING, 0, 0, 0, 0, 0, 0, "")));
  }

  @Test
  void noDownloadsSaysHowToStartOne() {
    assertTrue(DownloadView.lines(List.of()).startsWith("no downloads (download_file"));
  }

  @Test
  void jsonCarriesTheBusContractFields() {
    JsonObject json = DownloadView.json(status(State.DOWNLOADING, 1, 4, MIB / 2, 2 * MIB, 100, 2, ""));
    assertEquals("films", json.getString("group"));
    assertEquals("movie.mkv", json.getString("name"));
    assertEquals("D", json.getString("state"));
    assertEquals(1, json.getInteger("have"));
    assertEquals(4, json.getInteger("pieces"));
    assertEquals(MIB / 2, json.getLong("bytes"));
    assertEquals(2 * MIB, json.getLong("length"));
    assertEquals(100.0, json.getDouble("rate"));
    assertEquals(2, json.getInteger("peers"));
    assertEquals("", json.getString("reason"));
  }

  @Test
  void pieceMapMarksDoneActiveAndMissingAndWrapsLongMaps() {
    TorrentStatus s = status(State.DOWNLOADING, 65, 70, 0, 70 * MIB, 0, 1, "");
    assertEquals("#".repeat(64) + "\n#>....", DownloadView.pieceMap(s.pieces()));
    JsonObject detail = DownloadView.detailJson(s);
    assertEquals(70, detail.getJsonArray("pieces").size());
    assertEquals("done", detail.getJsonArray("pieces").getJsonObject(0).getString("state"));
    assertEquals("127.0.0.1:7001", detail.getJsonArray("pieces").getJsonObject(0).getString("from"));
    assertEquals("active", detail.getJsonArray("pieces").getJsonObject(65).getString("state"));
    assertEquals("missing", detail.getJsonArray("pieces").getJsonObject(69).getString("state"));
    assertEquals("127.0.0.1:7001", detail.getJsonArray("peers").getJsonObject(0).getString("address"));
    assertEquals("127.0.0.1:7666", detail.getJsonArray("dropped").getString(0));
    assertTrue(DownloadView.detail(s).endsWith("dropped for bad data: 127.0.0.1:7666"), DownloadView.detail(s));
  }
}
