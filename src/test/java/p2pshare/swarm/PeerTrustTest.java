package p2pshare.swarm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.swarm.TestSwarm.*;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.wire.ExtendedHandshake;
import p2pshare.wire.Handshake;
import p2pshare.wire.PeerMessage;
import p2pshare.wire.WireDecoder;
import p2pshare.wire.WireEncoder;

/** Peers that lie: bad data gets them dropped, a bad token gets them nothing. */
@Timeout(120)
class PeerTrustTest {
  private static final int PIECE = 16 * 1024;
  @TempDir Path dir;
  private final TestSwarm swarm = new TestSwarm();

  @AfterEach
  void close() {
    swarm.close();
  }

  @Test
  void aPeerSendingCorruptDataIsDroppedAndTheFileStillArrivesIntact() throws Exception {
    Path original = randomFile(dir, "data.bin", 3 * 1024 * 1024, 5);
    InfoDictionary info = info(original, PIECE);
    // The liar shares a copy whose every piece has one flipped byte: the engine serves what is
    // on disk, exactly like a peer whose disk went bad.
    byte[] bytes = Files.readAllBytes(original);
    for (int p = 0; p < info.pieceCount(); p++) {
      bytes[(int) info.pieceOffset(p)] ^= 0x55;
    }
    Path corrupt = dir.resolve("liar").resolve("data.bin");
    Files.createDirectories(corrupt.getParent());
    Files.write(corrupt, bytes);
    TestSwarm.Peer liar = swarm.peer();
    liar.engine().share(spec(info, corrupt, PeerSource.NONE)).await();
    TestSwarm.Peer honest = swarm.peer();
    honest.engine().share(spec(info, original, PeerSource.NONE)).await();
    TestSwarm.Peer downloader = swarm.peer();
    Path target = dir.resolve("down").resolve("data.bin");
    TorrentHandle handle =
        downloader.engine().download(spec(info, target, source(liar, honest))).await();
    SwarmTest.awaitCompletion(handle);
    assertEquals(-1L, Files.mismatch(original, target));
    String liarAddress = liar.address().toString();
    assertEquals(List.of(liarAddress), handle.status().droppedPeers());
    assertTrue(handle.status().pieces().stream().noneMatch(p -> p.from().contains(liarAddress)));
  }

  @ParameterizedTest(name = "{0} token")
  @ValueSource(strings = {"garbage", "expired", "other-file", "missing"})
  void aPeerWithoutAValidTokenGetsNothing(String kind) throws Exception {
    Path original = randomFile(dir, "secret.bin", 256 * 1024, 6);
    InfoDictionary info = info(original, PIECE);
    TestSwarm.Peer seeder = swarm.peer();
    seeder.engine().share(spec(info, original, PeerSource.NONE)).await();

    List<PeerMessage> received = new CopyOnWriteArrayList<>();
    AtomicBoolean closed = new AtomicBoolean();
    NetSocket socket = swarm.instances.getFirst().createNetClient()
        .connect(seeder.address().port(), "127.0.0.1").await();
    WireDecoder decoder = new WireDecoder();
    AtomicBoolean handshaken = new AtomicBoolean();
    socket.handler(chunk -> {
      decoder.feed(chunk);
      if (!handshaken.get() && decoder.handshake() != null) {
        handshaken.set(true);
      }
      if (handshaken.get()) {
        PeerMessage m;
        while ((m = decoder.next()) != null) {
          received.add(m);
        }
      }
    });
    socket.closeHandler(v -> closed.set(true));
    String token = switch (kind) {
      case "garbage" -> "not-a-token";
      case "expired" -> info.infoHashHex() + "|" + (Instant.now().getEpochSecond() - 60);
      case "other-file" -> "00".repeat(20) + "|" + (Instant.now().getEpochSecond() + 3600);
      default -> null;
    };
    Buffer out = WireEncoder.encode(Handshake.of(info.infoHash(), "-XX0001-abcdefghijkl".getBytes()));
    WireEncoder.encode(new ExtendedHandshake(Map.of(), Optional.of("intruder"), OptionalInt.empty(),
        Optional.ofNullable(token)).toMessage(), out);
    WireEncoder.encode(new PeerMessage.Interested(), out);
    WireEncoder.encode(new PeerMessage.Request(0, 0, PIECE), out);
    socket.write(out);

    await().atMost(Duration.ofSeconds(20)).untilTrue(closed);
    assertTrue(handshaken.get(), "the seeder answered the handshake");
    List<PeerMessage> leaks = received.stream()
        .filter(m -> !(m instanceof PeerMessage.Extended || m instanceof PeerMessage.KeepAlive
            || m instanceof PeerMessage.RejectRequest))
        .toList();
    assertEquals(List.of(), leaks, "no bitfield, have, unchoke or block before a valid token");
  }

  @Test
  void engineDownloadersWithABadTokenGetNoPieceWhileAGoodOneFinishes() throws Exception {
    Path original = randomFile(dir, "grp.bin", 512 * 1024, 7);
    InfoDictionary info = info(original, PIECE);
    TestSwarm.Peer seeder = swarm.peer();
    seeder.engine().share(spec(info, original, PeerSource.NONE)).await();
    AtomicInteger attempts = new AtomicInteger();
    PeerSource counting = () -> {
      attempts.incrementAndGet();
      return Future.succeededFuture(List.of(seeder.address()));
    };
    TestSwarm.Peer outsider = swarm.peer();
    TorrentHandle bad = outsider.engine().download(new TorrentSpec(info, "g",
        dir.resolve("bad").resolve("grp.bin"), () -> "forged", counting)).await();
    TestSwarm.Peer member = swarm.peer();
    TorrentHandle good = member.engine().download(
        spec(info, dir.resolve("good").resolve("grp.bin"), source(seeder))).await();
    SwarmTest.awaitCompletion(good);
    await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 5);
    assertEquals(0, bad.status().piecesDone());
    assertFalse(bad.completion().isComplete());
  }
}
