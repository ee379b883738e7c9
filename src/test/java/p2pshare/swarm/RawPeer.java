package p2pshare.swarm;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.wire.ExtendedHandshake;
import p2pshare.wire.Handshake;
import p2pshare.wire.PeerMessage;
import p2pshare.wire.WireDecoder;
import p2pshare.wire.WireEncoder;
import p2pshare.wire.WireLimits;

/** A hand-driven peer over a real socket, for behaviour the engine itself never shows. */
final class RawPeer {
  final NetSocket socket;
  final List<PeerMessage> received = new CopyOnWriteArrayList<>();
  final AtomicBoolean handshaken = new AtomicBoolean();
  final AtomicBoolean closed = new AtomicBoolean();
  /** Reads piece frames as large as the largest block a p2pshare peer serves. */
  private final WireDecoder decoder =
      new WireDecoder(new WireLimits(Block.MAX_SIZE, WireLimits.DEFAULT.maxLargePayload()));

  RawPeer(NetSocket socket) {
    this.socket = socket;
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
  }

  /** Our handshake plus a BEP 10 handshake carrying {@code token} (none if null). */
  void open(InfoDictionary info, String token) {
    open(info, token, "-XX0001-abcdefghijkl");
  }

  /** The same with another peer id: an engine keeps one connection per peer id. */
  void open(InfoDictionary info, String token, String peerId) {
    open(info, token, peerId, OptionalInt.empty());
  }

  /** The same, saying in the BEP 10 handshake that we serve blocks up to {@code maxBlock}. */
  void open(InfoDictionary info, String token, String peerId, OptionalInt maxBlock) {
    Buffer out = WireEncoder.encode(Handshake.of(info.infoHash(), peerId.getBytes()));
    WireEncoder.encode(new ExtendedHandshake(Map.of(), Optional.of("raw"), OptionalInt.empty(),
        Optional.ofNullable(token), maxBlock).toMessage(), out);
    socket.write(out);
  }

  void send(PeerMessage... messages) {
    Buffer out = Buffer.buffer();
    for (PeerMessage m : messages) {
      WireEncoder.encode(m, out);
    }
    socket.write(out);
  }

  <T extends PeerMessage> List<T> messages(Class<T> type) {
    return received.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
