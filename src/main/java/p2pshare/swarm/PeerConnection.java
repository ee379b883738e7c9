package p2pshare.swarm;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.VertxConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Logger;
import p2pshare.wire.ExtendedHandshake;
import p2pshare.wire.Handshake;
import p2pshare.wire.PeerMessage;
import p2pshare.wire.PeerMessage.*;
import p2pshare.wire.ProtocolException;
import p2pshare.wire.WireDecoder;
import p2pshare.wire.WireEncoder;

/**
 * One peer connection after the handshake: decodes its messages and hands them to the
 * {@link Torrent}, serves its requests from disk, and tracks what each side told the other.
 * Touched only on the engine's context.
 */
final class PeerConnection {
  private static final Logger LOG = Logger.getLogger(PeerConnection.class.getName());
  /** Requests we queue for one peer before calling it a flood; we advertise fewer (reqq). */
  static final int MAX_QUEUED_REQUESTS = 600;
  static final int ADVERTISED_REQUEST_QUEUE = 500;
  /** 2 MiB handed to the socket per peer: milliseconds of loopback, a full pipe on a LAN. */
  private static final long MAX_SENDING_BYTES = 2L * 1024 * 1024;
  /**
   * The most Netty reads from a socket in one call (its default stops at 64 KiB; the allocator
   * still adapts, so a quiet connection reads into small buffers). Each read lets the kernel send
   * the peer a window update, and fewer reads send fewer. In perf of a 1 GiB 1 -> 1 download the
   * downloader's event loop took 2.2 s with 64 KiB reads, 1.7 s with 256 KiB and 1.3 s with 1 MiB
   * (its socket reads 0.85, 0.35 and 0.29 s). The buffer goes back to Netty's pool after each read.
   */
  static final int MAX_READ_BYTES = 1024 * 1024;
  /** Send a keep-alive after 60 s of silence; peers drop connections idle for about 2 minutes. */
  private static final long KEEP_ALIVE_MILLIS = 60_000;
  /** No block for this long: the decoder's carry-over array (a piece frame) is let go. */
  private static final long QUIET_MILLIS = 2_000;

  final int id;
  final Torrent torrent;
  final NetSocket socket;
  final boolean incoming;
  final String address;
  /**
   * Where the peer listens, as the tracker lists it: the address we dialled, or for a connection
   * it opened, its host and the port its extension handshake tells (null until then, and for a
   * peer that does not tell). Peers listed there are not dialled again (TorrentPeers#dialNew).
   */
  String listenAddress;
  final String remotePeerId;
  final Handshake remote;
  private final WireDecoder decoder;
  private final ArrayDeque<Request> serveQueue = new ArrayDeque<>();
  final RateMeter down = new RateMeter();
  final RateMeter up = new RateMeter();
  String client = "";
  boolean trusted;
  /** The latest token the peer presented that we accepted; {@link TokenGate} re-checks it. */
  String peerToken;
  /** The latest of our tokens we presented to the peer. */
  private String presented;
  boolean peerChoking = true;
  boolean peerInterested;
  boolean amInterested;
  boolean amChoking = true;
  long lastDataAt;
  long lastWriteAt;
  final long openedAt;
  private boolean closed;
  private long sending;

  PeerConnection(int id, Torrent torrent, NetSocket socket, WireDecoder decoder, Handshake remote,
      boolean incoming, String address) {
    this.id = id;
    this.torrent = torrent;
    this.socket = socket;
    this.decoder = decoder;
    this.remote = remote;
    this.incoming = incoming;
    this.address = address;
    this.listenAddress = incoming ? null : address;
    this.remotePeerId = new String(remote.peerId(), StandardCharsets.ISO_8859_1);
    this.lastDataAt = torrent.now();
    this.lastWriteAt = torrent.now();
    this.openedAt = torrent.now();
  }

  /** Lets the socket's reads grow to {@link #MAX_READ_BYTES}; called once, before any read. */
  static void readInLargeSteps(NetSocket socket) {
    ((NetSocketInternal) socket).channelHandlerContext().channel().config()
        .setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ_BYTES));
  }

  /**
   * Feeds the socket's inbound network buffers to {@code decoder} and runs {@code decode} after
   * each one. The buffers are Netty's pooled direct ones, taken before Vert.x would copy each into
   * a fresh heap buffer (a copy of every received byte, and garbage): {@code decode} consumes what
   * it decodes at once (blocks are copied straight into their piece), the undecoded rest of a
   * frame is copied out, and the buffer goes back to the pool. Runs on the socket's context.
   */
  static void onNetworkBuffers(NetSocket socket, WireDecoder decoder, Runnable decode) {
    ((NetSocketInternal) socket).messageHandler(message -> {
      if (!(message instanceof ByteBuf buf)) {
        ReferenceCountUtil.release(message);
        return;
      }
      try {
        decoder.feed(BufferInternal.buffer(buf.slice()));
        decode.run();
      } finally {
        // Even after a failure: the decoder must never keep a view of a buffer that went back.
        decoder.detach();
        buf.release();
      }
    });
  }

  /** Sends our opening messages and starts reading (bytes that came with the handshake first). */
  void start(boolean checkTokens, String token) {
    onNetworkBuffers(socket, decoder, this::decodeAll);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> close("socket error: " + e.getMessage()));
    socket.resume();
    if (!checkTokens) {
      trusted = true;
      sendHaveState();
    } else if (!remote.supportsExtensions()) {
      close("peer cannot present a token (no extension protocol)");
      return;
    }
    if (remote.supportsExtensions()) {
      sendExtendedHandshake(token);
    }
    decodeAll();
  }

  /**
   * Presents our refreshed token on this open connection: BEP 10 lets the extended handshake be
   * sent again, and a p2pshare peer re-checks the token it carries.
   */
  void present(String token) {
    if (token != null && !token.equals(presented) && remote.supportsExtensions()) {
      sendExtendedHandshake(token);
    }
  }

  private void sendExtendedHandshake(String token) {
    presented = token;
    send(new ExtendedHandshake(Map.of(), Optional.of("p2pshare 0.1"),
        OptionalInt.of(ADVERTISED_REQUEST_QUEUE), Optional.ofNullable(token),
        OptionalInt.of(Block.MAX_SIZE), OptionalInt.of(torrent.engine.address().port()))
        .toMessage());
  }

  private void decodeAll() {
    try {
      PeerMessage message;
      while (!closed && (message = decoder.next()) != null) {
        onMessage(message);
      }
    } catch (ProtocolException | IllegalArgumentException e) {
      close("protocol violation: " + e.getMessage());
    }
  }

  private void onMessage(PeerMessage message) {
    switch (message) {
      case KeepAlive k -> {}
      case Choke c -> {
        peerChoking = true;
        torrent.onChoked(this);
      }
      case Unchoke u -> {
        peerChoking = false;
        torrent.onUnchoked(this);
      }
      case Interested i -> {
        peerInterested = true;
        if (trusted && amChoking) {
          amChoking = false;
          send(new Unchoke());
        }
      }
      case NotInterested n -> peerInterested = false;
      case Have h -> torrent.onHave(this, h.piece());
      case Bitfield b -> torrent.onBitfield(this, b.bits());
      case HaveAll h -> torrent.onHaveAll(this, true);
      case HaveNone h -> torrent.onHaveAll(this, false);
      case Request r -> onRequest(r);
      case Cancel c -> serveQueue.remove(new Request(c.piece(), c.begin(), c.length()));
      case Piece p -> torrent.onBlock(this, p);
      case RejectRequest r -> torrent.onReject(this, r);
      case Extended e -> onExtended(e);
      case Port p -> {}
      case SuggestPiece s -> {}
      case AllowedFast a -> {}
    }
  }

  private void onExtended(Extended e) {
    if (e.extendedId() != ExtendedHandshake.ID) {
      return;
    }
    ExtendedHandshake hs = ExtendedHandshake.decode(e.payload());
    client = hs.client().orElse("");
    hs.maxBlock().ifPresent(bytes -> torrent.servesBlocksUpTo(this, bytes));
    if (incoming) {
      hs.listenPort().ifPresent(port -> listenAddress = socket.remoteAddress().host() + ":" + port);
    }
    String token = hs.token().orElse(null);
    if (trusted) {
      // A trusted peer presenting a refreshed token; peers without tokens (checkTokens off) none.
      if (token != null && torrent.tokens.accepts(token)) {
        peerToken = token;
      }
      return;
    }
    if (!torrent.tokens.accepts(token)) {
      close("peer token missing, expired, for another file or of a non-member");
      return;
    }
    peerToken = token;
    trusted = true;
    sendHaveState();
    torrent.onTrusted(this);
    if (peerInterested) {
      amChoking = false;
      send(new Unchoke());
    }
  }

  private void sendHaveState() {
    byte[] bits = torrent.haveBitfield();
    int have = torrent.piecesDone();
    if (remote.supportsFast() && have == torrent.pieceCount()) {
      send(new HaveAll());
    } else if (remote.supportsFast() && have == 0) {
      send(new HaveNone());
    } else if (have > 0) {
      send(new Bitfield(bits));
    }
  }

  private void onRequest(Request r) {
    if (!trusted || amChoking || !torrent.canServe(r)) {
      if (remote.supportsFast()) {
        send(new RejectRequest(r.piece(), r.begin(), r.length()));
      }
      return;
    }
    if (serveQueue.size() >= MAX_QUEUED_REQUESTS) {
      close("request flood (" + serveQueue.size() + " queued)");
      return;
    }
    serveQueue.addLast(r);
    pump();
  }

  /**
   * Serves queued requests: a complete file's blocks with {@code sendfile} (no read into the heap,
   * no copy), a partial file's from its pieces read into memory (see {@link ServedPieces}). Netty
   * counts a file region as zero bytes, so the socket's own write queue never fills with them: we
   * bound the bytes handed to the socket ourselves, and a peer that asks for more than it reads
   * piles up in {@link #serveQueue} until the flood limit drops it.
   */
  private void pump() {
    while (!closed && !serveQueue.isEmpty() && sending < MAX_SENDING_BYTES
        && !socket.writeQueueFull()) {
      Request r = serveQueue.pollFirst();
      sending += r.length();
      Future<Void> sent = torrent.servedPieces()
          .map(pieces -> sendFromMemory(pieces, r))
          .orElseGet(() -> sendFromFile(r));
      sent.onComplete(done -> {
        sending -= r.length();
        pump();
      });
      up.add(r.length(), torrent.now());
      lastWriteAt = torrent.now();
    }
    if (!closed && !serveQueue.isEmpty() && socket.writeQueueFull()) {
      socket.drainHandler(v -> pump());
    }
  }

  private Future<Void> sendFromFile(Request r) {
    socket.write(WireEncoder.pieceHeader(r.piece(), r.begin(), r.length()));
    long offset = torrent.info.pieceOffset(r.piece()) + r.begin();
    // Vert.x's public sendFile(String, ...) opens the file for every call (a blocking open on
    // the event loop, 65536 times per GiB); its connection sends from an open channel instead.
    // The listener runs on the channel's event loop, which is this engine's context thread.
    Promise<Void> sent = Promise.promise();
    ((VertxConnection) socket).sendFile(torrent.files().channel(), offset, r.length())
        .addListener(done -> sent.complete());
    return sent.future();
  }

  /**
   * The header and a view of the block in the piece's buffer, in one write. Both are direct
   * buffers: Netty copies a write that is not all direct into a fresh one, block and all.
   */
  private Future<Void> sendFromMemory(ServedPieces pieces, Request r) {
    return pieces.send(r.piece(), r.begin(), r.length(), block -> {
      if (closed) {
        return Future.succeededFuture();
      }
      ByteBuf header = ((NetSocketInternal) socket).channelHandlerContext().alloc()
          .directBuffer(WireEncoder.PIECE_HEADER_LENGTH).writeBytes(((BufferInternal)
              WireEncoder.pieceHeader(r.piece(), r.begin(), r.length())).getByteBuf());
      // A failed write means a broken connection, which its close handler deals with.
      return socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(header, block)))
          .otherwiseEmpty();
    }).recover(failed -> {
      close("cannot read piece " + r.piece() + " to send it: " + failed.getMessage());
      return Future.succeededFuture();
    });
  }

  void send(PeerMessage message) {
    if (!closed) {
      socket.write(WireEncoder.encode(message));
      lastWriteAt = torrent.now();
    }
  }

  /** Several messages in one write (e.g. a batch of requests). */
  void sendAll(List<? extends PeerMessage> messages) {
    if (closed || messages.isEmpty()) {
      return;
    }
    Buffer out = Buffer.buffer(messages.size() * 17);
    messages.forEach(m -> WireEncoder.encode(m, out));
    socket.write(out);
    lastWriteAt = torrent.now();
  }

  void setInterested(boolean interested) {
    if (interested != amInterested && trusted) {
      amInterested = interested;
      send(interested ? new Interested() : new NotInterested());
    }
  }

  /**
   * Drops a peer we wait on that sent nothing for too long; keeps a quiet connection alive, and
   * its memory small.
   */
  void checkLiveness(long now, boolean waitingForData, java.time.Duration stallTimeout) {
    if (now - lastDataAt > QUIET_MILLIS) {
      decoder.trim();
    }
    if (!trusted && now - openedAt > stallTimeout.toMillis()) {
      // A peer that handshakes but never presents a valid token (or trickles it a byte at a
      // time) would otherwise hold its connection for ever.
      close("no valid token within " + stallTimeout.toSeconds() + " s");
    } else if (waitingForData && now - lastDataAt > stallTimeout.toMillis()) {
      close("stalled: no data for " + stallTimeout.toSeconds() + " s");
    } else if (now - lastWriteAt > KEEP_ALIVE_MILLIS) {
      send(new KeepAlive());
    }
  }

  TorrentStatus.PeerView view(long now) {
    return new TorrentStatus.PeerView(address, client, incoming, down.total(), up.total(),
        down.perSecond(now), up.perSecond(now), peerChoking, amInterested);
  }

  boolean isClosed() {
    return closed;
  }

  void close(String reason) {
    if (!closed) {
      LOG.fine(() -> "closing " + address + ": " + reason);
      socket.close();
      onClosed();
    }
  }

  private void onClosed() {
    if (!closed) {
      closed = true;
      serveQueue.clear();
      torrent.onClosed(this);
    }
  }
}
