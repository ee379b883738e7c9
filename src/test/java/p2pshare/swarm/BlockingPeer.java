package p2pshare.swarm;

import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
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
    } catch (IOException | ProtocolException e) {
      // Closed by the engine (reset) or by us; either way the conversation is over.
    } finally {
      closed = true;
    }
  }

  /** Our handshake for {@code infoHash} (extensions and Fast on), then a BEP 10 handshake carrying {@code token} if not null. */
  public BlockingPeer greet(byte[] infoHash, String token) throws IOException {
    Buffer out = WireEncoder.encode(Handshake.of(infoHash, "-RW0001-rawpeer00000".getBytes(StandardCharsets.ISO_8859_1)));
    WireEncoder.encode(new ExtendedHandshake(Map.of(), Optional.of("raw"), OptionalInt.empty(),
        Optional.ofNullable(token)).toMessage(), out);
    return send(out);
  }

  public BlockingPeer send(PeerMessage... messages) throws IOException {
    Buffer out = Buffer.buffer();
    for (PeerMessage m : messages) WireEncoder.encode(m, out);
    return send(out);
  }

  public BlockingPeer send(Buffer bytes) throws IOException {
    return send(bytes.getBytes());
  }

  /** Exactly these bytes, however malformed. */
  public BlockingPeer send(byte[] bytes) throws IOException {
    // The stream is taken once: the engine may reject the bytes and close before we flush, and
    // the reader then closes the socket, after which getOutputStream() itself throws.
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
    return this;
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

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
