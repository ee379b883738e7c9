package p2pshare.swarm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.swarm.TestSwarm.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.wire.PeerMessage;

/**
 * Block sizes on the wire: a peer that says in its extension handshake that it serves 128 KiB
 * blocks (as p2pshare peers do) is asked for blocks that large; any other peer only for the 16 KiB
 * every BitTorrent client accepts; and our seeder serves a 128 KiB request.
 */
@Timeout(60)
class LargeBlocksTest {
  private static final int PIECE = 512 * 1024;
  @TempDir Path dir;
  private final TestSwarm swarm = new TestSwarm();

  @AfterEach
  void close() {
    swarm.close();
  }

  /** The lengths of the first requests a downloading engine sends a seed that opened with {@code maxBlock}. */
  private List<Integer> requestLengthsFromASeedOffering(OptionalInt maxBlock) throws Exception {
    Path original = randomFile(dir, "data.bin", 4L * PIECE, 21);
    InfoDictionary info = info(original, PIECE);
    TestSwarm.Peer downloader = swarm.peer();
    downloader.engine().download(spec(info, dir.resolve("down").resolve("data.bin"), PeerSource.NONE)).await();
    RawPeer seed = new RawPeer(swarm.instances.getFirst().createNetClient()
        .connect(downloader.address().port(), "127.0.0.1").await());
    seed.open(info, validToken(info), "-XX0001-seedseedseed", maxBlock);
    seed.send(new PeerMessage.HaveAll(), new PeerMessage.Unchoke());
    // A fresh peer's pipeline: 16 slots (256 KiB), two requests or sixteen.
    await().atMost(Duration.ofSeconds(20)).until(() -> requested(seed) >= 16 * Block.SIZE);
    return seed.messages(PeerMessage.Request.class).stream().map(PeerMessage.Request::length).toList();
  }

  private static long requested(RawPeer seed) {
    return seed.messages(PeerMessage.Request.class).stream().mapToLong(PeerMessage.Request::length).sum();
  }

  @Test
  void aPeerThatServesLargeBlocksIsAskedFor128KibBlocks() throws Exception {
    List<Integer> lengths = requestLengthsFromASeedOffering(OptionalInt.of(Block.MAX_SIZE));
    assertEquals(List.of(Block.MAX_SIZE), lengths.stream().distinct().toList(), "requests: " + lengths);
  }

  @Test
  void aPeerThatSaysNothingOfBlockSizesIsAskedFor16KibBlocks() throws Exception {
    List<Integer> lengths = requestLengthsFromASeedOffering(OptionalInt.empty());
    assertEquals(List.of(Block.SIZE), lengths.stream().distinct().toList(), "requests: " + lengths);
  }

  /** A peer connected to an engine seeding {@code original}, with a valid token, unchoked. */
  private RawPeer unchokedBySeederOf(Path original, InfoDictionary info) throws Exception {
    TestSwarm.Peer seeder = swarm.seeding(info, original);
    RawPeer peer = new RawPeer(swarm.instances.getFirst().createNetClient()
        .connect(seeder.address().port(), "127.0.0.1").await());
    peer.open(info, validToken(info));
    peer.send(new PeerMessage.Interested());
    await().atMost(Duration.ofSeconds(20)).until(() -> !peer.messages(PeerMessage.Unchoke.class).isEmpty());
    return peer;
  }

  @Test
  void aSeederServesA128KibBlockWithTheFilesBytes() throws Exception {
    Path original = randomFile(dir, "data.bin", 2L * PIECE, 22);
    InfoDictionary info = info(original, PIECE);
    RawPeer peer = unchokedBySeederOf(original, info);
    int begin = 3 * Block.MAX_SIZE;
    peer.send(new PeerMessage.Request(1, begin, Block.MAX_SIZE));

    await().atMost(Duration.ofSeconds(20)).until(() -> !peer.messages(PeerMessage.Piece.class).isEmpty());
    PeerMessage.Piece piece = peer.messages(PeerMessage.Piece.class).getFirst();
    assertEquals(1, piece.piece());
    assertEquals(begin, piece.begin());
    long offset = info.pieceOffset(1) + begin;
    byte[] expected = Arrays.copyOfRange(Files.readAllBytes(original), (int) offset, (int) offset + Block.MAX_SIZE);
    assertArrayEquals(expected, piece.block().getBytes());
  }

  @Test
  void aRequestLargerThan128KibIsRefusedNotServed() throws Exception {
    Path original = randomFile(dir, "data.bin", PIECE, 23);
    RawPeer peer = unchokedBySeederOf(original, info(original, PIECE));
    PeerMessage.Request tooLarge = new PeerMessage.Request(0, 0, Block.MAX_SIZE + Block.SIZE);
    peer.send(tooLarge);

    await().atMost(Duration.ofSeconds(20)).until(() -> !peer.messages(PeerMessage.RejectRequest.class).isEmpty());
    assertEquals(List.of(new PeerMessage.RejectRequest(0, 0, tooLarge.length())),
        peer.messages(PeerMessage.RejectRequest.class));
    assertEquals(List.of(), peer.messages(PeerMessage.Piece.class));
  }
}
