package p2pshare.swarm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.swarm.TestSwarm.*;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.wire.PeerMessage;

/** What a serving engine accepts from a peer, and what a downloading engine tolerates. */
@Timeout(120)
class PeerRulesTest {
  private static final int PIECE = 32 * 1024;
  @TempDir Path dir;
  private final TestSwarm swarm = new TestSwarm();

  @AfterEach
  void close() {
    swarm.close();
  }

  private RawPeer connect(TestSwarm.Peer to) {
    Vertx vertx = swarm.instances.getFirst();
    return new RawPeer(vertx.createNetClient().connect(to.address().port(), "127.0.0.1").await());
  }

  @Test
  void servesOnlyValidRequestsForPiecesItHasAndDropsAFlood() throws Exception {
    Path original = randomFile(dir, "f.bin", 3 * PIECE + 100, 9);
    InfoDictionary info = info(original, PIECE);
    TestSwarm.Peer seeder = swarm.seeding(info, original);
    RawPeer peer = connect(seeder);
    peer.open(info, validToken(info));
    peer.send(new PeerMessage.Interested());
    await().atMost(Duration.ofSeconds(10))
        .until(() -> !peer.messages(PeerMessage.Unchoke.class).isEmpty());
    await().atMost(Duration.ofSeconds(10))
        .until(() -> seeder.engine().torrents().getFirst().status().peers() == 1);
    assertEquals(1, peer.messages(PeerMessage.HaveAll.class).size());

    peer.send(new PeerMessage.Request(1, 16 * 1024, 16 * 1024),   // fine
        new PeerMessage.Request(1, 16 * 1024, 32 * 1024),           // past the end of its piece
        new PeerMessage.Request(3, 0, 16 * 1024),                   // past the end of the file
        new PeerMessage.Request(4, 0, 16 * 1024));                  // no such piece
    await().atMost(Duration.ofSeconds(10))
        .until(() -> peer.messages(PeerMessage.RejectRequest.class).size() == 3);
    List<PeerMessage.Piece> blocks = peer.messages(PeerMessage.Piece.class);
    assertEquals(1, blocks.size());
    byte[] expected = Arrays.copyOfRange(Files.readAllBytes(original), PIECE + 16 * 1024, 2 * PIECE);
    assertArrayEquals(expected, blocks.getFirst().block().getBytes());

    // A peer that asks for far more than it reads is cut off, not buffered without bound.
    peer.socket.pause();
    PeerMessage[] flood = new PeerMessage[4000];
    Arrays.fill(flood, new PeerMessage.Request(0, 0, 16 * 1024));
    peer.send(flood);
    // (a paused socket delivers its close event only once resumed: watch the seeder's side)
    await().atMost(Duration.ofSeconds(20))
        .until(() -> seeder.engine().torrents().getFirst().status().peers() == 0);
  }

  @Test
  void aSecondConnectionFromTheSamePeerReplacesTheFirstAmongOthers() throws Exception {
    Path original = randomFile(dir, "f.bin", 3 * PIECE, 4);
    InfoDictionary info = info(original, PIECE);
    TestSwarm.Peer seeder = swarm.seeding(info, original);
    // '!' sorts before any engine's peer id ("-PS0001-..."): of two connections crossing between this
    // peer and the engine, the engine keeps the one this peer opened, so the newer one wins here.
    String sameId = "!".repeat(20);
    RawPeer first = connect(seeder);
    first.open(info, validToken(info), sameId);
    await().atMost(Duration.ofSeconds(10)).until(() -> !first.messages(PeerMessage.HaveAll.class).isEmpty());
    RawPeer other = connect(seeder);
    other.open(info, validToken(info), "-XX0001-otherpeer123");
    await().atMost(Duration.ofSeconds(10)).until(() -> !other.messages(PeerMessage.HaveAll.class).isEmpty());

    // The first connection is ahead of another in the engine's list: closing it while looking
    // through that list for duplicates once threw, and the engine lost both connections.
    RawPeer second = connect(seeder);
    second.open(info, validToken(info), sameId);
    await().atMost(Duration.ofSeconds(10)).until(first.closed::get);
    await().atMost(Duration.ofSeconds(10)).until(() -> !second.messages(PeerMessage.HaveAll.class).isEmpty());
    await().atMost(Duration.ofSeconds(10))
        .until(() -> seeder.engine().torrents().getFirst().status().peers() == 2);
    assertTrue(!other.closed.get() && !second.closed.get());
  }

  @Test
  void aPeerThatStopsSendingIsDroppedAndItsRequestsGoElsewhere() throws Exception {
    Path original = randomFile(dir, "s.bin", 20 * PIECE, 10);
    InfoDictionary info = info(original, PIECE);
    // A "seeder" that says it has everything and unchokes, then never sends a byte of data.
    List<RawPeer> stallers = new CopyOnWriteArrayList<>();
    TestSwarm.Peer host = swarm.peer();
    NetServer server = host.vertx().createNetServer().connectHandler(socket -> {
      RawPeer staller = new RawPeer(socket);
      stallers.add(staller);
      staller.open(info, validToken(info));
      staller.send(new PeerMessage.HaveAll(), new PeerMessage.Unchoke());
    });
    int port = server.listen(0, "127.0.0.1").await().actualPort();
    List<PeerAddress> sources = new CopyOnWriteArrayList<>(List.of(new PeerAddress("127.0.0.1", port)));
    TestSwarm.Peer downloader = swarm.peer(EngineOptions.defaults("127.0.0.1", 0, VERIFIER)
        .withStallTimeout(Duration.ofSeconds(1)));
    TorrentHandle handle = downloader.engine().download(new TorrentSpec(info, "g",
        dir.resolve("down").resolve("s.bin"), () -> validToken(info),
        () -> io.vertx.core.Future.succeededFuture(List.copyOf(sources)))).await();
    await().atMost(Duration.ofSeconds(15))
        .until(() -> !stallers.isEmpty() && stallers.getFirst().closed.get());
    assertTrue(stallers.getFirst().messages(PeerMessage.Request.class).size() > 0,
        "requests were sent to the staller before it was dropped");
    assertEquals(0, handle.status().piecesDone());
    TestSwarm.Peer seeder = swarm.seeding(info, original);
    sources.add(seeder.address());
    SwarmTest.awaitCompletion(handle);
    assertEquals(-1L, Files.mismatch(original, dir.resolve("down").resolve("s.bin")));
  }

  @Test
  void aDownloaderTellsEveryPieceToPeersStillDownloadingButNothingToSeeds() throws Exception {
    Path original = randomFile(dir, "h.bin", 20 * PIECE, 11);
    InfoDictionary info = info(original, PIECE);
    TestSwarm.Peer seeder = swarm.seeding(info, original);
    // Two listeners beside the real seeder: a seed that never unchokes, and a peer with nothing.
    TestSwarm.Peer host = swarm.peer();
    List<RawPeer> seeds = new CopyOnWriteArrayList<>();
    List<RawPeer> empties = new CopyOnWriteArrayList<>();
    int seedPort = listen(host, info, seeds, "-XX0001-seedseedseed", new PeerMessage.HaveAll());
    int emptyPort = listen(host, info, empties, "-XX0001-emptyemptyem", new PeerMessage.HaveNone());
    List<PeerAddress> sources = new CopyOnWriteArrayList<>(
        List.of(new PeerAddress("127.0.0.1", seedPort), new PeerAddress("127.0.0.1", emptyPort)));
    TestSwarm.Peer downloader = swarm.peer();
    TorrentHandle handle = downloader.engine().download(new TorrentSpec(info, "g",
        dir.resolve("down").resolve("h.bin"), () -> validToken(info),
        () -> io.vertx.core.Future.succeededFuture(List.copyOf(sources)))).await();
    // Both listeners trusted (the downloader told them it has nothing) before any piece arrives.
    await().atMost(Duration.ofSeconds(10)).until(() -> Stream.of(seeds, empties)
        .allMatch(l -> l.size() == 1 && l.getFirst().messages(PeerMessage.HaveNone.class).size() == 1));
    sources.add(seeder.address());
    SwarmTest.awaitCompletion(handle);

    await().atMost(Duration.ofSeconds(10))
        .until(() -> empties.getFirst().messages(PeerMessage.Have.class).size() == info.pieceCount());
    assertEquals(List.of(), seeds.getFirst().messages(PeerMessage.Have.class), "a seed needs no HAVE");
    assertEquals(-1L, Files.mismatch(original, dir.resolve("down").resolve("h.bin")));
  }

  private static int listen(TestSwarm.Peer host, InfoDictionary info, List<RawPeer> accepted,
      String peerId, PeerMessage has) {
    NetServer server = host.vertx().createNetServer().connectHandler(socket -> {
      RawPeer peer = new RawPeer(socket);
      accepted.add(peer);
      peer.open(info, validToken(info), peerId);
      peer.send(has);
    });
    return server.listen(0, "127.0.0.1").await().actualPort();
  }
}
