package p2pshare.wire;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import p2pshare.metainfo.BBytes;
import p2pshare.metainfo.BDict;
import p2pshare.metainfo.BInt;
import p2pshare.metainfo.BValue;
import p2pshare.metainfo.Bencode;
import p2pshare.metainfo.MetainfoException;

/**
 * The BEP 10 extension handshake (extended message id 0), a bencoded dictionary: {@code m} maps
 * extension names to the ids this side wants them sent with (0 = disabled), {@code v} names the
 * client, {@code reqq} is how many outstanding requests it accepts, {@code p2pshare_token} is our
 * tracker-signed peer token (see docs/tracker-api.md), and {@code p2pshare_block} the largest block
 * (request length) this side serves, so two p2pshare peers can ask each other for blocks larger
 * than the 16 KiB every client accepts, and {@code p} the TCP port this side listens on (so the
 * side that accepted the connection knows which listed peer it is). Unknown keys, and a {@code p}
 * that is no port, are ignored, as other clients ignore ours.
 */
public record ExtendedHandshake(
    Map<String, Integer> extensions,
    Optional<String> client,
    OptionalInt requestQueue,
    Optional<String> token,
    OptionalInt maxBlock,
    OptionalInt listenPort) {

  /** The extended id of the handshake itself. */
  public static final int ID = 0;

  public static final String TOKEN_KEY = "p2pshare_token";
  public static final String MAX_BLOCK_KEY = "p2pshare_block";

  public static final String LISTEN_PORT_KEY = "p";

  /** A handshake that says nothing about block sizes, as other clients' do. */
  public ExtendedHandshake(Map<String, Integer> extensions, Optional<String> client,
      OptionalInt requestQueue, Optional<String> token) {
    this(extensions, client, requestQueue, token, OptionalInt.empty());
  }

  /** A handshake that does not tell its listening port. */
  public ExtendedHandshake(Map<String, Integer> extensions, Optional<String> client,
      OptionalInt requestQueue, Optional<String> token, OptionalInt maxBlock) {
    this(extensions, client, requestQueue, token, maxBlock, OptionalInt.empty());
  }

  public ExtendedHandshake {
    extensions = Map.copyOf(extensions);
    extensions.forEach(
        (name, id) -> {
          if (id < 0 || id > 0xFF) {
            throw new IllegalArgumentException("extension " + name + " id " + id + " not a byte");
          }
        });
    if (requestQueue.isPresent() && requestQueue.getAsInt() <= 0) {
      throw new IllegalArgumentException("reqq must be positive");
    }
    if (maxBlock.isPresent() && maxBlock.getAsInt() <= 0) {
      throw new IllegalArgumentException(MAX_BLOCK_KEY + " must be positive");
    }
    if (listenPort.isPresent() && !isPort(listenPort.getAsInt())) {
      throw new IllegalArgumentException(
          "listen port " + listenPort.getAsInt() + " is no TCP port");
    }
  }

  private static boolean isPort(long n) {
    return n > 0 && n <= 0xFFFF;
  }

  public byte[] encode() {
    Map<String, BValue> m = new HashMap<>();
    extensions.forEach((name, id) -> m.put(latin1Key(name), new BInt(id)));
    Map<String, BValue> dict = new LinkedHashMap<>();
    dict.put("m", new BDict(m));
    client.ifPresent(v -> dict.put("v", BBytes.of(v)));
    requestQueue.ifPresent(q -> dict.put("reqq", new BInt(q)));
    token.ifPresent(t -> dict.put(TOKEN_KEY, BBytes.of(t)));
    maxBlock.ifPresent(b -> dict.put(MAX_BLOCK_KEY, new BInt(b)));
    listenPort.ifPresent(p -> dict.put(LISTEN_PORT_KEY, new BInt(p)));
    return Bencode.encode(new BDict(dict));
  }

  /** This handshake as the message to send. */
  public PeerMessage.Extended toMessage() {
    return new PeerMessage.Extended(ID, Buffer.buffer(encode()));
  }

  /** Decodes the payload of an extended message with id 0; bad input is a protocol violation. */
  public static ExtendedHandshake decode(Buffer payload) {
    BDict dict;
    try {
      dict = Bencode.decodeDict(payload.getBytes());
    } catch (MetainfoException e) {
      throw new ProtocolException("extension handshake: " + e.getMessage());
    }
    Map<String, Integer> extensions = new HashMap<>();
    if (dict.get("m").orElse(null) instanceof BDict m) {
      m.entries().forEach((name, id) -> {
        if (id instanceof BInt i && i.value() >= 0 && i.value() <= 0xFF) {
          extensions.put(utf8Key(name), (int) i.value());
        }
      });
    }
    return new ExtendedHandshake(
        extensions, text(dict, "v"), positiveInt(dict, "reqq"), text(dict, TOKEN_KEY),
        positiveInt(dict, MAX_BLOCK_KEY), port(dict));
  }

  private static OptionalInt port(BDict dict) {
    OptionalInt port = positiveInt(dict, LISTEN_PORT_KEY);
    return port.isPresent() && isPort(port.getAsInt()) ? port : OptionalInt.empty();
  }

  private static Optional<String> text(BDict dict, String key) {
    return dict.get(key).filter(BBytes.class::isInstance).map(b -> ((BBytes) b).utf8());
  }

  private static OptionalInt positiveInt(BDict dict, String key) {
    if (dict.get(key).orElse(null) instanceof BInt i && i.value() > 0
        && i.value() <= Integer.MAX_VALUE) {
      return OptionalInt.of((int) i.value());
    }
    return OptionalInt.empty();
  }

  /** BDict keys are one char per byte; extension names are UTF-8 on the wire. */
  private static String latin1Key(String utf8Name) {
    return new String(
        utf8Name.getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
  }

  private static String utf8Key(String latin1Key) {
    return new String(
        latin1Key.getBytes(StandardCharsets.ISO_8859_1),
        StandardCharsets.UTF_8);
  }
}
