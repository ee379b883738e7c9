package p2pshare.swarm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.swarm.TestSwarm.VERIFIER;
import static p2pshare.swarm.TestSwarm.randomFile;
import static p2pshare.swarm.TestSwarm.validToken;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.wire.PeerMessage;
import p2pshare.wire.WireEncoder;

/**
 * A real {@link PeerEngine} seeding a file, attacked over raw sockets by a trusted peer (valid
 * token) sending what no honest peer sends: each attack ends with the connection closed (or the
 * request refused) and the engine still serving the right bytes to the next peer. The decoders
 * themselves are fuzzed in WireDecoderFuzzTest; bad tokens are PeerTrustTest's.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerWireHostileInputTest {
  private static final int PIECE = 16 * 1024;
  /** Short, so the slow-sender cases end quickly: the engine's patience for a token and for data. */
  private static final Duration PATIENCE = Duration.ofSeconds(2);
  private static final Duration ANSWER = Duration.ofSeconds(15);
  @TempDir static Path dir;
  private final Vertx vertx = Vertx.vertx();
  private PeerEngine engine;
  private InfoDictionary info;
  private byte[] bytes;

  @BeforeAll
  void seed() throws Exception {
    Path file = randomFile(dir, "target.bin", 4L * PIECE + 300, 21);
    bytes = Files.readAllBytes(file);
    info = TestSwarm.info(file, PIECE);
    engine = PeerEngine.start(vertx, EngineOptions.defaults("127.0.0.1", 0, VERIFIER).withStallTimeout(PATIENCE), e -> {})
        .await();
    engine.share(TestSwarm.spec(info, file, PeerSource.NONE)).await();
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  /** After every attack: a new honest peer still gets the right block, and the file is unchanged. */
  @AfterEach
  void engineStillServesAnHonestPeer() throws Exception {
    try (BlockingPeer honest = trusted()) {
      honest.send(new PeerMessage.Interested());
      honest.awaitMessage(PeerMessage.Unchoke.class, ANSWER);
      honest.send(new PeerMessage.Request(2, 0, PIECE));
      PeerMessage.Piece piece = honest.awaitMessage(PeerMessage.Piece.class, ANSWER);
      assertArrayEquals(Arrays.copyOfRange(bytes, 2 * PIECE, 3 * PIECE), piece.block().getBytes());
    }
    assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("target.bin")), "the shared file is untouched");
  }

  private BlockingPeer trusted() throws IOException {
    return BlockingPeer.connect(engine.address().port()).greet(info.infoHash(), validToken(info));
  }

  private static byte[] frame(int declaredLength, int id, int... ints) {
    Buffer b = Buffer.buffer().appendInt(declaredLength).appendByte((byte) id);
    for (int i : ints) b.appendInt(i);
    return b.getBytes();
  }

  static Stream<Arguments> framesThatCloseTheConnection() {
    Function<InfoDictionary, byte[]> oversized = i -> frame(Integer.MAX_VALUE, 7);
    Function<InfoDictionary, byte[]> negative = i -> frame(-1, 7);
    Function<InfoDictionary, byte[]> unknownId = i -> frame(1, 99);
    Function<InfoDictionary, byte[]> wrongLength = i -> frame(9, 6, 0, 0);
    Function<InfoDictionary, byte[]> hugeBitfield = i -> frame(1 + (1 << 24), 5);
    Function<InfoDictionary, byte[]> wrongBitfield = i -> WireEncoder.encode(new PeerMessage.Bitfield(new byte[10])).getBytes();
    Function<InfoDictionary, byte[]> haveBeyond = i -> WireEncoder.encode(new PeerMessage.Have(i.pieceCount() + 5)).getBytes();
    Function<InfoDictionary, byte[]> pieceBeyond = i -> WireEncoder.encode(
        new PeerMessage.Piece(i.pieceCount() + 1, 0, Buffer.buffer(new byte[100]))).getBytes();
    Function<InfoDictionary, byte[]> negativeRequest = i -> frame(13, 6, -1, 0, PIECE);
    return Stream.of(
        Arguments.of("declared length 2 GiB", oversized),
        Arguments.of("declared length negative", negative),
        Arguments.of("unknown message id 99", unknownId),
        Arguments.of("request with a short length field", wrongLength),
        Arguments.of("bitfield declaring 16 MiB", hugeBitfield),
        Arguments.of("bitfield of the wrong size", wrongBitfield),
        Arguments.of("have for a piece beyond the file", haveBeyond),
        Arguments.of("block beyond the file nobody asked for", pieceBeyond),
        Arguments.of("request for a negative piece", negativeRequest));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framesThatCloseTheConnection")
  void hostileFrameClosesTheConnection(String what, Function<InfoDictionary, byte[]> frame) throws Exception {
    try (BlockingPeer attacker = trusted()) {
      attacker.awaitMessage(PeerMessage.HaveAll.class, ANSWER);
      attacker.send(frame.apply(info));
      attacker.awaitClosed(ANSWER);
    }
  }

  @ParameterizedTest(name = "request {0}")
  @MethodSource("requestsRefused")
  void requestsOutsideTheFileOrTheirPieceAreRefusedNotServed(String what, PeerMessage.Request request) throws Exception {
    try (BlockingPeer attacker = trusted()) {
      attacker.send(new PeerMessage.Interested());
      attacker.awaitMessage(PeerMessage.Unchoke.class, ANSWER);
      attacker.send(request);
      PeerMessage.RejectRequest reject = attacker.awaitMessage(PeerMessage.RejectRequest.class, ANSWER);
      assertEquals(new PeerMessage.RejectRequest(request.piece(), request.begin(), request.length()), reject);
      assertTrue(attacker.received().stream().noneMatch(PeerMessage.Piece.class::isInstance), "no block for " + what);
    }
  }

  static Stream<Arguments> requestsRefused() {
    return Stream.of(
        Arguments.of("beyond the last piece", new PeerMessage.Request(40, 0, PIECE)),
        Arguments.of("longer than its piece", new PeerMessage.Request(0, 0, 2 * PIECE)),
        Arguments.of("running past the end of a piece", new PeerMessage.Request(0, PIECE - 100, 200)),
        Arguments.of("past the end of the short last piece", new PeerMessage.Request(4, 0, 400)));
  }

  @Test
  void aBlockNobodyAskedForIsNotWrittenAnywhere() throws Exception {
    try (BlockingPeer attacker = trusted()) {
      attacker.awaitMessage(PeerMessage.HaveAll.class, ANSWER);
      attacker.send(new PeerMessage.Piece(1, 0, Buffer.buffer(new byte[PIECE])));
      attacker.send(new PeerMessage.Interested());
      attacker.awaitMessage(PeerMessage.Unchoke.class, ANSWER);
    }
  }

  @ParameterizedTest(name = "handshake {0}")
  @MethodSource("badHandshakes")
  void aBadHandshakeIsClosedUnanswered(String what, byte[] opening) throws Exception {
    try (BlockingPeer stranger = BlockingPeer.connect(engine.address().port())) {
      stranger.send(opening);
      stranger.awaitClosed(ANSWER);
      assertNull(stranger.handshake(), "the engine did not answer with its own handshake");
    }
  }

  static Stream<Arguments> badHandshakes() throws IOException {
    byte[] otherHash = new byte[20];
    Arrays.fill(otherHash, (byte) 7);
    Buffer wrongHash = WireEncoder.encode(p2pshare.wire.Handshake.of(otherHash, "-RW0001-rawpeer00000".getBytes(StandardCharsets.ISO_8859_1)));
    return Stream.of(
        Arguments.of("for an info-hash the engine does not serve", wrongHash.getBytes()),
        Arguments.of("that is HTTP", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
        Arguments.of("with a protocol name of 255 bytes", Buffer.buffer().appendByte((byte) 255).appendBytes(new byte[300]).getBytes()));
  }

  @Test
  void aFloodOfRequestsFromAPeerThatDoesNotReadIsCutOff() throws Exception {
    try (Socket socket = new Socket()) {
      // A tiny receive window: the engine's writes back up at once, so its queue of requests grows.
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("127.0.0.1", engine.address().port()));
      socket.setSoTimeout((int) ANSWER.toMillis());
      Buffer out = WireEncoder.encode(p2pshare.wire.Handshake.of(info.infoHash(), "-RW0001-flooder00000".getBytes(StandardCharsets.ISO_8859_1)));
      WireEncoder.encode(new p2pshare.wire.ExtendedHandshake(java.util.Map.of(), java.util.Optional.empty(),
          java.util.OptionalInt.empty(), java.util.Optional.of(validToken(info))).toMessage(), out);
      WireEncoder.encode(new PeerMessage.Interested(), out);
      socket.getOutputStream().write(out.getBytes());
      Buffer flood = Buffer.buffer();
      for (int i = 0; i < 5000; i++) WireEncoder.encode(new PeerMessage.Request(i % 4, 0, PIECE), flood);
      try {
        socket.getOutputStream().write(flood.getBytes());
      } catch (SocketException closedWhileWriting) {
        return;
      }
      assertTrue(readsToTheEnd(socket.getInputStream()), "the engine closed the flooding connection");
    }
  }

  /** True when the engine closed the stream (EOF or reset) before the read timeout. */
  private static boolean readsToTheEnd(InputStream in) throws IOException {
    byte[] sink = new byte[64 * 1024];
    try {
      while (in.read(sink) >= 0) {
        // Draining what was sent before the close.
      }
      return true;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Test
  void slowSendersAreClosedByTheHandshakeAndTokenDeadlines() throws Exception {
    Buffer opening = WireEncoder.encode(p2pshare.wire.Handshake.of(info.infoHash(), "-RW0001-slowpoke0000".getBytes(StandardCharsets.ISO_8859_1)));
    try (BlockingPeer beforeHandshake = BlockingPeer.connect(engine.address().port());
        BlockingPeer beforeToken = BlockingPeer.connect(engine.address().port())) {
      beforeToken.send(opening);
      await().atMost(ANSWER).until(() -> beforeToken.handshake() != null);
      List<BlockingPeer> slow = List.of(beforeHandshake, beforeToken);
      byte[] trickleHandshake = opening.getBytes();
      byte[] greeting = greeting();
      byte[] trickleToken = Arrays.copyOfRange(greeting, opening.length(), greeting.length);
      int[] sent = {0};
      // One byte a second to each, until the engine gives up on both.
      await("both slow senders cut off").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofSeconds(1)).until(() -> {
        trickle(beforeHandshake, trickleHandshake, sent[0]);
        trickle(beforeToken, trickleToken, sent[0]);
        sent[0]++;
        return slow.stream().allMatch(BlockingPeer::closed);
      });
      assertTrue(sent[0] < trickleHandshake.length, "cut off before the handshake was complete");
      assertTrue(beforeToken.received().stream().noneMatch(m -> m instanceof PeerMessage.HaveAll || m instanceof PeerMessage.Bitfield),
          "nothing was revealed to the peer that never finished its token");
    }
  }

  /** Our handshake and BEP 10 handshake with a valid token, as one byte string. */
  private byte[] greeting() {
    Buffer out = WireEncoder.encode(p2pshare.wire.Handshake.of(info.infoHash(), "-RW0001-slowpoke0000".getBytes(StandardCharsets.ISO_8859_1)));
    WireEncoder.encode(new p2pshare.wire.ExtendedHandshake(java.util.Map.of(), java.util.Optional.empty(),
        java.util.OptionalInt.empty(), java.util.Optional.of(validToken(info))).toMessage(), out);
    return out.getBytes();
  }

  private static void trickle(BlockingPeer peer, byte[] bytes, int index) {
    // The engine hanging up between two bytes is the expected end.
    if (index < bytes.length) peer.sendUnlessClosed(new byte[] {bytes[index]});
  }
}
