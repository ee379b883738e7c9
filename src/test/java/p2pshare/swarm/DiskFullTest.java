package p2pshare.swarm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.swarm.TestSwarm.info;
import static p2pshare.swarm.TestSwarm.randomFile;
import static p2pshare.swarm.TestSwarm.source;
import static p2pshare.swarm.TestSwarm.spec;
import static p2pshare.swarm.TestSwarm.validToken;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.storage.PieceStore;
import p2pshare.wire.PeerMessage;

/**
 * A download whose disk is full fails with the system's reason (FAILED, the {@code [F]} line of
 * show_downloads) while the same engine keeps serving its other file. The full disk is
 * {@code /dev/full}: every write to it fails with ENOSPC, as on a full file system.
 */
@Timeout(120)
class DiskFullTest {
  private static final int PIECE = 16 * 1024;
  @TempDir Path dir;
  private final TestSwarm swarm = new TestSwarm();

  @AfterEach
  void close() {
    swarm.close();
  }

  @Test
  void aDownloadOnAFullDiskFailsWithTheReasonAndTheEngineKeepsServing() throws Exception {
    Path wanted = randomFile(dir, "wanted.bin", 8L * PIECE, 31);
    InfoDictionary wantedInfo = info(wanted, PIECE);
    TestSwarm.Peer seeder = swarm.peer();
    seeder.engine().share(spec(wantedInfo, wanted, PeerSource.NONE)).await();

    TestSwarm.Peer victim = swarm.peer();
    Path kept = randomFile(dir, "kept.bin", 3L * PIECE, 32);
    InfoDictionary keptInfo = info(kept, PIECE);
    victim.engine().share(spec(keptInfo, kept, PeerSource.NONE)).await();

    Path target = Files.createDirectories(dir.resolve("down")).resolve("wanted.bin");
    Files.createSymbolicLink(PieceStore.partPath(target), Path.of("/dev/full"));
    TorrentHandle download = victim.engine().download(spec(wantedInfo, target, source(seeder))).await();
    await("the download fails").atMost(Duration.ofSeconds(60))
        .until(() -> download.status().state() == TorrentStatus.State.FAILED);
    String reason = download.status().reason();
    assertTrue(reason.contains("No space left on device"), reason);
    assertEquals(1, reason.lines().count(), reason);
    assertTrue(download.completion().failed());
    assertTrue(Files.notExists(target), "no final file appears");

    try (BlockingPeer peer = BlockingPeer.connect(victim.engine().address().port()).greet(keptInfo.infoHash(), validToken(keptInfo))) {
      peer.send(new PeerMessage.Interested());
      peer.awaitMessage(PeerMessage.Unchoke.class, Duration.ofSeconds(15));
      peer.send(new PeerMessage.Request(1, 0, PIECE));
      PeerMessage.Piece piece = peer.awaitMessage(PeerMessage.Piece.class, Duration.ofSeconds(15));
      assertArrayEquals(Arrays.copyOfRange(Files.readAllBytes(kept), PIECE, 2 * PIECE), piece.block().getBytes());
    }
  }
}
