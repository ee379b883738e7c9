package p2pshare.swarm;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import p2pshare.storage.PieceSet;
import p2pshare.storage.PieceStore;
import p2pshare.storage.ResumeFile;
import p2pshare.wire.Handshake;
import p2pshare.wire.ProtocolException;
import p2pshare.wire.WireDecoder;
import p2pshare.wire.WireEncoder;
import p2pshare.wire.WireLimits;

/**
 * A client's BitTorrent peer: the peer server on the client's {@code IP:PORT}, every peer
 * connection and every shared or downloading file. All of it runs on one Vert.x context (one
 * owner, no locks); hashing and file I/O run on worker threads. See docs/engine-api.md.
 */
public final class PeerEngine {
  private static final Logger LOG = Logger.getLogger(PeerEngine.class.getName());
  /** A peer that has not finished its 68-byte handshake in 10 s is not going to. */
  private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
  /** Piece frames up to the largest block we ask for (of peers that serve it), not just 16 KiB. */
  private static final WireLimits PEER_LIMITS =
      new WireLimits(Block.MAX_SIZE, WireLimits.DEFAULT.maxLargePayload());
  /** 5 s to connect: a live peer on loopback or a LAN answers in milliseconds. */
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final Vertx vertx;
  private final ContextInternal context;
  private final EngineOptions options;
  private final Handler<EngineEvent> events;
  private final byte[] peerIdBytes;
  private final Map<String, Torrent> torrents = new ConcurrentHashMap<>();
  private NetServer server;
  private NetClient client;

  private PeerEngine(Vertx vertx, EngineOptions options, Handler<EngineEvent> events) {
    this.vertx = vertx;
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.options = options;
    this.events = events;
    this.peerIdBytes = options.peerId().getBytes(StandardCharsets.ISO_8859_1);
  }

  public static Future<PeerEngine> start(
      Vertx vertx, EngineOptions options, Handler<EngineEvent> events) {
    PeerEngine engine = new PeerEngine(vertx, options, events);
    return engine.onContext(engine::listen).map(engine);
  }

  private Future<Void> listen() {
    client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setTcpNoDelay(true));
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
    server.connectHandler(this::accept);
    return server.listen(options.port(), options.host()).mapEmpty();
  }

  public SocketAddress address() {
    return SocketAddress.inetSocketAddress(server.actualPort(), options.host());
  }

  public String peerId() {
    return options.peerId();
  }

  EngineOptions options() {
    return options;
  }

  ContextInternal context() {
    return context;
  }

  /** Seeds a complete file we hold. */
  public Future<TorrentHandle> share(TorrentSpec spec) {
    return add(spec, false, () -> {
      PieceStore store = PieceStore.openComplete(spec.info(), spec.file());
      return new Opened(store, PieceSet.full(spec.info().pieceCount()));
    });
  }

  /**
   * Downloads into {@code spec.file()}, resuming from its partial file: pieces listed in the
   * resume file are hashed again before they count, so a torn write is never taken as done.
   */
  public Future<TorrentHandle> download(TorrentSpec spec) {
    return add(spec, true, () -> {
      PieceStore store = PieceStore.openPartial(spec.info(), spec.file());
      int count = spec.info().pieceCount();
      PieceSet have = new PieceSet(count);
      Optional<PieceSet> recorded =
          ResumeFile.read(spec.file(), spec.info().infoHashHex(), count);
      if (recorded.isPresent() && Files.exists(store.path())) {
        for (int p = recorded.get().nextSet(0); p >= 0; p = recorded.get().nextSet(p + 1)) {
          if (store.verify(p)) {
            have.add(p);
          }
        }
      }
      return new Opened(store, have);
    });
  }

  private record Opened(PieceStore store, PieceSet have) {}

  private interface Opener {
    Opened open() throws Exception;
  }

  private Future<TorrentHandle> add(TorrentSpec spec, boolean download, Opener opener) {
    String hash = spec.info().infoHashHex();
    return onContext(() -> {
      Torrent existing = torrents.get(hash);
      if (existing != null && existing.status().state() != TorrentStatus.State.FAILED) {
        return Future.failedFuture(spec.info().name() + " is already being shared or downloaded");
      }
      return context.executeBlocking(opener::open, false).map(opened -> {
        Torrent torrent = new Torrent(this, spec, opened.store(), opened.have(), download);
        torrents.put(hash, torrent);
        torrent.start();
        return (TorrentHandle) torrent;
      });
    });
  }

  public Future<Void> stop(String infoHash) {
    return onContext(() -> {
      Torrent torrent = torrents.remove(infoHash);
      return torrent == null ? Future.succeededFuture() : torrent.stop();
    });
  }

  /** Logout: every torrent stops, every connection closes; partial downloads stay resumable. */
  public Future<Void> stopAll() {
    return onContext(() -> {
      List<Future<Void>> stops = new ArrayList<>();
      new ArrayList<>(torrents.keySet()).forEach(h -> stops.add(torrents.remove(h).stop()));
      return Future.all(stops).mapEmpty();
    });
  }

  public Future<Void> close() {
    return stopAll().compose(v -> onContext(() -> Future.all(server.close(), client.close())))
        .mapEmpty();
  }

  public Optional<TorrentHandle> torrent(String infoHash) {
    return Optional.ofNullable(torrents.get(infoHash));
  }

  public List<TorrentHandle> torrents() {
    return List.copyOf(torrents.values());
  }

  void emit(EngineEvent event) {
    try {
      events.handle(event);
    } catch (RuntimeException e) {
      LOG.warning("engine event handler failed on " + event + ": " + e);
    }
  }

  boolean isSelf(PeerAddress address) {
    return address.port() == server.actualPort()
        && (address.host().equals(options.host()) || address.host().equals("127.0.0.1")
            && options.host().equals("0.0.0.0"));
  }

  /** Connects to a peer for this torrent and runs the handshake. */
  Future<Void> dial(Torrent torrent, PeerAddress address) {
    return client.connect(address.port(), address.host()).compose(socket -> {
      socket.write(WireEncoder.encode(Handshake.of(torrent.info.infoHash(), peerIdBytes)));
      return handshake(socket).map(done -> {
        if (!done.handshake().infoHashHex().equals(torrent.infoHash)
            || !attach(torrent, socket, done, false, address.toString())) {
          socket.close();
        }
        return null;
      });
    });
  }

  private void accept(NetSocket socket) {
    handshake(socket).onSuccess(done -> {
      Torrent torrent = torrents.get(done.handshake().infoHashHex());
      if (torrent == null || torrent.isFull()) {
        socket.close();
        return;
      }
      socket.write(WireEncoder.encode(Handshake.of(torrent.info.infoHash(), peerIdBytes)));
      if (!attach(torrent, socket, done, true, socket.remoteAddress().toString())) {
        socket.close();
      }
    });
  }

  private record Handshaken(Handshake handshake, WireDecoder decoder) {}

  private boolean attach(Torrent torrent, NetSocket socket, Handshaken done, boolean incoming,
      String address) {
    String remoteId = new String(done.handshake().peerId(), StandardCharsets.ISO_8859_1);
    if (remoteId.equals(options.peerId()) || torrent.isBanned(remoteId)) {
      return false;
    }
    return torrent.adopt((id, t) -> new PeerConnection(id, t, socket, done.decoder(),
        done.handshake(), incoming, address), remoteId, incoming);
  }

  /** Reads the remote's 68-byte handshake; later bytes stay in the decoder for the connection. */
  private Future<Handshaken> handshake(NetSocket socket) {
    Promise<Handshaken> promise = Promise.promise();
    WireDecoder decoder = new WireDecoder(PEER_LIMITS);
    long timeout = vertx.setTimer(HANDSHAKE_TIMEOUT_MILLIS, t -> {
      if (promise.tryFail("no handshake in time")) {
        socket.close();
      }
    });
    socket.closeHandler(v -> promise.tryFail("closed during handshake"));
    PeerConnection.readInLargeSteps(socket);
    PeerConnection.onNetworkBuffers(socket, decoder, () -> {
      if (promise.future().isComplete()) {
        return;
      }
      try {
        Handshake hs = decoder.handshake();
        if (hs != null) {
          vertx.cancelTimer(timeout);
          socket.pause();
          promise.complete(new Handshaken(hs, decoder));
        }
      } catch (ProtocolException e) {
        promise.tryFail(e.getMessage());
        socket.close();
      }
    });
    return promise.future();
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (context == ContextInternal.current()) {
      return action.get();
    }
    Promise<T> promise = context.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }
}
