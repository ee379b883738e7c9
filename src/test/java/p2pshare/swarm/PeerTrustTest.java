package p2pshare.swarm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.swarm.TestSwarm.*;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.storage.PieceSet;
import p2pshare.wire.PeerMessage;

/**
 * Peers that lie: bad data gets them dropped, a bad token gets them nothing, an expired one loses
 * its connection.
 */
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
    TestSwarm.Peer seeder = swarm.seeding(info, original);

    RawPeer peer = new RawPeer(swarm.instances.getFirst().createNetClient()
        .connect(seeder.address().port(), "127.0.0.1").await());
    String token = switch (kind) {
      case "garbage" -> "not-a-token";
      case "expired" -> info.infoHashHex() + "|" + (Instant.now().getEpochSecond() - 60);
      case "other-file" -> "00".repeat(20) + "|" + (Instant.now().getEpochSecond() + 3600);
      default -> null;
    };
    peer.open(info, token);
    peer.send(new PeerMessage.Interested(), new PeerMessage.Request(0, 0, PIECE));

    await().atMost(Duration.ofSeconds(20)).untilTrue(peer.closed);
    assertTrue(peer.handshaken.get(), "the seeder answered the handshake");
    List<PeerMessage> leaks = peer.received.stream()
        .filter(m -> !(m instanceof PeerMessage.Extended || m instanceof PeerMessage.KeepAlive
            || m instanceof PeerMessage.RejectRequest))
        .toList();
    assertEquals(List.of(), leaks, "no bitfield, have, unchoke or block before a valid token");
  }

  @Test
  void engineDownloadersWithABadTokenGetNoPieceWhileAGoodOneFinishes() throws Exception {
    Path original = randomFile(dir, "grp.bin", 512 * 1024, 7);
    InfoDictionary info = info(original, PIECE);
    TestSwarm.Peer seeder = swarm.seeding(info, original);
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

  /**
   * A token expiring in 2-3 s. The connection that never presents another is closed once it
   * expires; the one that presents a fresh token on the open connection (BEP 10 handshake again)
   * is still served after that moment.
   */
  @Test
  void anOpenConnectionIsClosedWhenItsTokenExpiresUnlessAFreshOneIsPresented() throws Exception {
    Path original = randomFile(dir, "short.bin", 4 * PIECE, 8);
    InfoDictionary info = info(original, PIECE);
    TestSwarm.Peer seeder = swarm.seeding(info, original);
    String shortLived = info.infoHashHex() + "|" + (Instant.now().getEpochSecond() + 3);
    int port = seeder.address().port();
    Duration answer = Duration.ofSeconds(10);
    try (BlockingPeer stale = BlockingPeer.served(port, info.infoHash(), shortLived, "-RW0001-stale0000000", PIECE, answer);
        BlockingPeer refreshed = BlockingPeer.served(port, info.infoHash(), shortLived, "-RW0001-fresh0000000", PIECE, answer)) {
      refreshed.present(validToken(info));
      stale.awaitClosed(answer);
      refreshed.send(new PeerMessage.Request(1, 0, PIECE));
      assertEquals(2, refreshed.awaitMessages(PeerMessage.Piece.class, 2, answer).size());
      assertFalse(refreshed.closed(), "the refreshed connection stays open");
    }
  }

  /**
   * Tokens that live 3 s, refreshed every second as a client refreshes them from its announces:
   * engines present the fresh token on the open connection, so a connection outlives many
   * tokens. A partial seeder and a downloader that took its half stay connected (neither is
   * complete), with one and the same connection throughout.
   */
  @Test
  void aConnectionOutlivesItsTokensWhenBothEnginesPresentFreshOnes() throws Exception {
    Path original = randomFile(dir, "long.bin", 8 * PIECE, 9);
    InfoDictionary info = info(original, PIECE);
    Supplier<String> refreshing = () -> info.infoHashHex() + "|" + (Instant.now().getEpochSecond() + 3);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    TokenVerifier recording = (token, hash) -> {
      seen.add(token);
      return VERIFIER.accepts(token, hash);
    };
    PieceSet half = new PieceSet(info.pieceCount());
    for (int p = 0; p < info.pieceCount() / 2; p++) half.add(p);
    TestSwarm.Peer holder = swarm.peer(EngineOptions.defaults("127.0.0.1", 0, recording));
    Path partial = preparePartial(original, info, dir.resolve("holder").resolve("long.bin"), half);
    TorrentHandle held = holder.engine().download(new TorrentSpec(info, "g", partial, refreshing, PeerSource.NONE)).await();
    TestSwarm.Peer downloader = swarm.peer();
    TorrentHandle down = downloader.engine().download(new TorrentSpec(info, "g",
        dir.resolve("down").resolve("long.bin"), refreshing, source(holder))).await();
    await().atMost(Duration.ofSeconds(20)).until(() -> down.status().piecesDone() == half.count());
    String connection = held.status().peerList().getFirst().address();

    await("the connection stays up over three token lifetimes").during(Duration.ofSeconds(9))
        .atMost(Duration.ofSeconds(15))
        .until(() -> held.status().peerList().stream().map(TorrentStatus.PeerView::address).toList()
            .equals(List.of(connection)));
    assertTrue(seen.size() >= 6, "the downloader presented a fresh token every second: " + seen.size());
  }
}
