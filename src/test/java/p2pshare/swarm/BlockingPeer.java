package p2pshare.swarm;

import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import p2pshare.wire.ExtendedHandshake;
import p2pshare.wire.Handshake;
import p2pshare.wire.PeerMessage;
import p2pshare.wire.ProtocolException;
import p2pshare.wire.WireDecoder;
import p2pshare.wire.WireEncoder;

/**
 * A hand-driven BitTorrent peer on a plain blocking socket, for tests that must send what our
 * engine never would (hostile frames, forged tokens): a reader thread decodes everything the
 * engine answers and notes when it closes the connection.
 */
public final class BlockingPeer implements AutoCloseable {
  private final Socket socket;
  private final WireDecoder decoder = new WireDecoder();
  private final List<PeerMessage> received = new CopyOnWriteArrayList<>();
  private volatile Handshake handshake;
  private volatile boolean closed;
  /** How reading ended, for a send that finds the socket already closed. */
  private volatile String endedBy = "";
  private final CountDownLatch ended = new CountDownLatch(1);

  private BlockingPeer(Socket socket) {
    this.socket = socket;
    Thread.ofVirtual().name("blocking-peer-reader").start(this::read);
  }

  public static BlockingPeer connect(int port) throws IOException {
    return new BlockingPeer(new Socket("127.0.0.1", port));
  }

  private void read() {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = socket.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        decoder.feed(Buffer.buffer().appendBytes(buffer, 0, n));
        if (handshake == null) handshake = decoder.handshake();
        if (handshake == null) continue;
        PeerMessage m;
        while ((m = decoder.next()) != null) received.add(m);
      }
      endedBy = "end of stream after " + received.size() + " messages";
    } catch (IOException | ProtocolException e) {
      // Closed by the engine (reset) or by us; either way the conversation is over.
      endedBy = e + " after " + received.size() + " messages";
    } finally {
      closed = true;
      ended.countDown();
    }
  }

  /**
   * A connection being served: greeted with {@code token} under {@code peerId}, interested,
   * unchoked, and sent the first {@code block} bytes of piece 0, which it checks. Left open.
   */
  public static BlockingPeer served(int port, byte[] infoHash, String token, String peerId, int block, Duration atMost)
      throws IOException {
    BlockingPeer peer = connect(port).greet(infoHash, token, peerId);
    peer.send(new PeerMessage.Interested());
    peer.awaitMessage(PeerMessage.Unchoke.class, atMost);
    peer.send(new PeerMessage.Request(0, 0, block));
    int got = peer.awaitMessage(PeerMessage.Piece.class, atMost).block().length();
    if (got != block) throw new AssertionError("asked for " + block + " bytes, got " + got);
    return peer;
  }

  /** Our handshake for {@code infoHash} (extensions and Fast on), then a BEP 10 handshake carrying {@code token} if not null. */
  public BlockingPeer greet(byte[] infoHash, String token) throws IOException {
    return greet(infoHash, token, "-RW0001-rawpeer00000");
  }

  /** As {@link #greet(byte[], String)} with our own 20-character peer id (one per connection). */
  public BlockingPeer greet(byte[] infoHash, String token, String peerId) throws IOException {
    Buffer out = WireEncoder.encode(Handshake.of(infoHash, peerId.getBytes(StandardCharsets.ISO_8859_1)));
    WireEncoder.encode(extendedHandshake(token), out);
    return send(out);
  }

  /** Another BEP 10 handshake on the open connection, as a peer presents a refreshed token. */
  public BlockingPeer present(String token) throws IOException {
    return send(extendedHandshake(token));
  }

  private static PeerMessage extendedHandshake(String token) {
    return new ExtendedHandshake(Map.of(), Optional.of("raw"), OptionalInt.empty(), Optional.ofNullable(token))
        .toMessage();
  }

  public BlockingPeer send(PeerMessage... messages) throws IOException {
    return send(encoded(messages));
  }

  private static byte[] encoded(PeerMessage... messages) {
    Buffer out = Buffer.buffer();
    for (PeerMessage m : messages) WireEncoder.encode(m, out);
    return out.getBytes();
  }

  public BlockingPeer send(Buffer bytes) throws IOException {
    return send(bytes.getBytes());
  }

  /** Exactly these bytes, however malformed. */
  public BlockingPeer send(byte[] bytes) throws IOException {
    try {
      // One getOutputStream: a second call after the write (for a flush) fails once the engine
      // has already answered the bytes by closing, which a refusal can do that fast.
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
    } catch (SocketException e) {
      try {
        ended.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot send: the connection ended (" + endedBy + ")", e);
    }
    return this;
  }

  /**
   * Sends unless the engine has already hung up: for a peer the engine is expected to refuse,
   * whose bytes may meet a closed socket as fast as an open one. Returns whether they went out.
   */
  public boolean sendUnlessClosed(PeerMessage... messages) {
    return sendUnlessClosed(encoded(messages));
  }

  public boolean sendUnlessClosed(byte[] bytes) {
    if (closed) return false;
    try {
      send(bytes);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  public boolean closed() {
    return closed;
  }

  public Handshake handshake() {
    return handshake;
  }

  public List<PeerMessage> received() {
    return List.copyOf(received);
  }

  /** Waits until the engine closes the connection. */
  public void awaitClosed(Duration atMost) {
    await("the engine closes the connection").atMost(atMost).until(() -> closed);
  }

  /** Waits for the first message of {@code type} and returns it. */
  public <T extends PeerMessage> T awaitMessage(Class<T> type, Duration atMost) {
    await("a " + type.getSimpleName() + " from the engine").atMost(atMost)
        .until(() -> received.stream().anyMatch(type::isInstance) || closed);
    return received.stream().filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new AssertionError("closed before a " + type.getSimpleName() + "; got " + received));
  }

  /** Waits until {@code count} messages of {@code type} have arrived; fails if the engine closes first. */
  public <T extends PeerMessage> List<T> awaitMessages(Class<T> type, int count, Duration atMost) {
    await(count + " " + type.getSimpleName() + " from the engine").atMost(atMost)
        .until(() -> received.stream().filter(type::isInstance).count() >= count || closed);
    List<T> got = received.stream().filter(type::isInstance).map(type::cast).toList();
    if (got.size() < count) throw new AssertionError("closed before " + count + " " + type.getSimpleName() + "; got " + received);
    return got;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
