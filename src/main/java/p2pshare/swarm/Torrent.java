package p2pshare.swarm;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.logging.Logger;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.storage.PieceSet;
import p2pshare.storage.PieceStore;
import p2pshare.storage.TorrentFiles;
import p2pshare.swarm.TorrentStatus.State;
import p2pshare.wire.PeerMessage;

/**
 * One shared or downloading file: its peers, picker, in-flight pieces and store. Every field is
 * touched only on the engine's context; other threads see {@link #status()} snapshots.
 */
final class Torrent implements TorrentHandle {
  private static final Logger LOG = Logger.getLogger(Torrent.class.getName());
  /** Unverified pieces held in memory at once (bounded so -Xmx128m can fetch any file size). */
  private static final long ASSEMBLY_BUDGET = 24L * 1024 * 1024;
  /** Rewrite the resume file every 8 verified pieces (4 MiB at 512 KiB): little to redo after kill -9. */
  private static final int SAVE_EVERY = 8;

  final PeerEngine engine;
  final InfoDictionary info;
  final String infoHash;
  final TorrentSpec spec;
  final boolean downloaded;
  final TokenGate tokens;
  private final TorrentPeers peers;
  private final ContextInternal context;
  private final TorrentFiles files;
  private final ServedPieces served;
  private final PiecePicker picker;
  private final RequestPipelines pipelines;
  private final PieceSet have;
  private final String[] sources;
  private final PieceAssembly assembly;
  private final Promise<Path> completion = Promise.promise();
  private final RateMeter down = new RateMeter();
  private State state;
  private String reason = "";
  private int unsavedPieces;
  private long lastSnapshotAt;
  private long lastRefreshAt;
  private boolean stopped;
  private long timer = -1;
  private volatile TorrentStatus snapshot;

  Torrent(PeerEngine engine, TorrentSpec spec, PieceStore store, PieceSet have, boolean downloaded) {
    this.engine = engine;
    this.peers = new TorrentPeers(engine);
    this.context = engine.context();
    this.spec = spec;
    this.info = spec.info();
    this.infoHash = info.infoHashHex();
    this.files = new TorrentFiles(context, info, store, spec.file());
    this.served = new ServedPieces(files);
    this.assembly = new PieceAssembly(info, files);
    this.have = have.copy();
    this.downloaded = downloaded;
    this.tokens = new TokenGate(engine.options(), infoHash);
    this.sources = new String[info.pieceCount()];
    int maxOpen = (int) Math.max(2, ASSEMBLY_BUDGET / info.pieceLength());
    this.picker = new PiecePicker(info.length(), info.pieceLength(), have, maxOpen, new Random());
    this.pipelines = new RequestPipelines(picker, peers);
    this.state = have.isComplete() && !downloaded ? State.COMPLETE : State.DOWNLOADING;
    if (state == State.COMPLETE) {
      completion.complete(spec.file());
    }
    refreshSnapshot();
  }

  void start() {
    timer = context.owner().setPeriodic(1000, t -> tick());
    if (state == State.DOWNLOADING && have.isComplete()) {
      finish();
    } else {
      tick();
    }
  }

  @Override
  public String infoHash() {
    return infoHash;
  }

  @Override
  public TorrentStatus status() {
    return snapshot;
  }

  @Override
  public Future<Path> completion() {
    return completion.future();
  }

  long now() {
    return System.currentTimeMillis();
  }

  TorrentFiles files() {
    return files;
  }

  /** Where a partial file's blocks are served from; empty once the file is complete (sendfile). */
  Optional<ServedPieces> servedPieces() {
    return state == State.DOWNLOADING ? Optional.of(served) : Optional.empty();
  }

  byte[] haveBitfield() {
    return have.toBytes();
  }

  int piecesDone() {
    return have.count();
  }

  int pieceCount() {
    return info.pieceCount();
  }

  boolean isFull() {
    return peers.isFull();
  }

  boolean isBanned(String peerId) {
    return peers.isBanned(peerId);
  }

  /** Adopts a socket whose handshake matched this torrent; false if it should be closed instead. */
  boolean adopt(TorrentPeers.PeerConnectionFactory factory, String remotePeerId, boolean incoming) {
    if (stopped) {
      return false;
    }
    Optional<PeerConnection> conn = peers.adopt(this, factory, remotePeerId, incoming);
    conn.ifPresent(c -> {
      picker.addPeer(c.id);
      c.start(engine.options().checkTokens(), spec.token().get());
    });
    return conn.isPresent();
  }

  void onHave(PeerConnection conn, int piece) {
    if (piece >= info.pieceCount()) {
      conn.close("have for piece " + piece + " of " + info.pieceCount());
      return;
    }
    picker.peerHave(conn.id, piece);
    updateInterest(conn);
  }

  void onBitfield(PeerConnection conn, byte[] bits) {
    picker.peerHas(conn.id, PieceSet.fromBytes(bits, info.pieceCount()));
    updateInterest(conn);
  }

  void onHaveAll(PeerConnection conn, boolean all) {
    picker.peerHas(conn.id, all ? PieceSet.full(info.pieceCount()) : new PieceSet(info.pieceCount()));
    updateInterest(conn);
  }

  /** The peer's extension handshake says how large a block it serves (p2pshare peers do). */
  void servesBlocksUpTo(PeerConnection conn, int bytes) {
    picker.servesBlocksUpTo(conn.id, bytes);
  }

  void onTrusted(PeerConnection conn) {
    updateInterest(conn);
  }

  /** A seed may now be asked for what this peer has (see {@link PiecePicker#peerChoking}). */
  void onChoked(PeerConnection conn) {
    picker.peerChoking(conn.id, true);
    if (!conn.remote.supportsFast()) {
      picker.returnRequests(conn.id);
    }
    fillAll();
  }

  void onUnchoked(PeerConnection conn) {
    picker.peerChoking(conn.id, false);
    fill(conn);
  }

  void onReject(PeerConnection conn, PeerMessage.RejectRequest r) {
    picker.rejected(conn.id, new Block(r.piece(), r.begin(), r.length()));
    fillAll();
  }

  boolean canServe(PeerMessage.Request r) {
    return r.piece() < info.pieceCount() && have.has(r.piece()) && r.length() <= Block.MAX_SIZE
        && (long) r.begin() + r.length() <= info.pieceSize(r.piece());
  }

  void onBlock(PeerConnection conn, PeerMessage.Piece p) {
    int length = p.block().length();
    long t = now();
    conn.down.add(length, t);
    down.add(length, t);
    conn.lastDataAt = t;
    if (p.piece() >= info.pieceCount() || length == 0 || length > Block.MAX_SIZE) {
      conn.close("block outside the file");
      return;
    }
    PiecePicker.Received r = picker.received(conn.id, new Block(p.piece(), p.begin(), length));
    if (r.accepted()) {
      assembly.copy(p.piece(), p.begin(), p.block());
      r.cancels().forEach(peers::cancel);
      if (r.pieceComplete()) {
        verifyAndWrite(p.piece());
      }
    }
    fill(conn);
  }

  /** Hashes and writes a complete piece on a worker thread; the event loop only copies blocks. */
  private void verifyAndWrite(int piece) {
    List<String> from = picker.senders(piece).stream()
        .map(peers::get).filter(c -> c != null).map(c -> c.address).toList();
    assembly.verifyAndWrite(piece).onComplete(result -> {
      if (stopped) {
        return;
      }
      if (result.failed()) {
        fail("cannot write " + files.describe() + ": " + result.cause().getMessage());
      } else if (result.result()) {
        pieceVerified(piece, String.join(",", from));
      } else {
        pieceFailed(piece);
      }
    });
  }

  private void pieceVerified(int piece, String from) {
    picker.verified(piece);
    have.add(piece);
    sources[piece] = from;
    for (PeerConnection conn : peers.copy()) {
      // Not to seeds: a seed never asks us for anything, and every HAVE costs both sides a write
      // and a wake-up, 2,048 of them per GiB and seed. Other peers hear of every piece, even one
      // they have, so they see when we complete.
      if (conn.trusted && !peerIsSeed(conn)) {
        conn.send(new PeerMessage.Have(piece));
      }
      conn.setInterested(state == State.DOWNLOADING && picker.isInteresting(conn.id));
    }
    fillAll();
    engine.emit(new EngineEvent.PieceVerified(infoHash, spec.group(), piece, have.count(),
        info.pieceCount()));
    if (++unsavedPieces >= SAVE_EVERY) {
      saveResume();
    }
    if (now() - lastSnapshotAt >= 200) {
      refreshSnapshot();
    }
    if (have.isComplete()) {
      finish();
    }
  }

  private void pieceFailed(int piece) {
    PiecePicker.HashFailure failure = picker.failed(piece);
    LOG.info(() -> "piece " + piece + " of " + info.name() + " failed its hash; blamed peers "
        + failure.blamed());
    peers.dropForBadData(failure.drop());
    fillAll();
  }

  private void finish() {
    files.finish().onComplete(result -> {
      if (stopped) {
        return;
      }
      if (result.failed()) {
        fail(result.cause().getMessage());
        return;
      }
      state = State.COMPLETE;
      served.close();
      for (PeerConnection conn : peers.copy()) {
        conn.setInterested(false);
        if (!picker.isInteresting(conn.id) && conn.trusted && peerIsSeed(conn)) {
          conn.close("both sides complete");
        }
      }
      refreshSnapshot();
      completion.tryComplete(result.result());
      engine.emit(new EngineEvent.Completed(infoHash, spec.group(), result.result()));
    });
  }

  private boolean peerIsSeed(PeerConnection conn) {
    return picker.peerPieceCount(conn.id) == info.pieceCount();
  }

  private void fail(String why) {
    state = State.FAILED;
    reason = why;
    refreshSnapshot();
    completion.tryFail(why);
    engine.emit(new EngineEvent.Failed(infoHash, spec.group(), why));
    stop();
  }

  private void updateInterest(PeerConnection conn) {
    conn.setInterested(state == State.DOWNLOADING && picker.isInteresting(conn.id));
    fill(conn);
  }

  void fill(PeerConnection conn) {
    if (state == State.DOWNLOADING) {
      pipelines.fill(conn, now());
    }
  }

  private void fillAll() {
    if (state == State.DOWNLOADING) {
      pipelines.fillAll(now());
    }
  }

  void onClosed(PeerConnection conn) {
    if (peers.remove(conn)) {
      picker.removePeer(conn.id);
      fillAll();
    }
  }

  private void tick() {
    long t = now();
    String ourToken = spec.token().get();
    for (PeerConnection conn : peers.copy()) {
      conn.checkLiveness(t, picker.outstanding(conn.id) > 0, engine.options().stallTimeout());
      tokens.recheck(conn, ourToken);
    }
    if (state == State.DOWNLOADING
        && t - lastRefreshAt >= engine.options().peerRefresh().toMillis()) {
      lastRefreshAt = t;
      findPeers();
    }
    if (state == State.DOWNLOADING && unsavedPieces > 0) {
      saveResume();
    }
    refreshSnapshot();
  }

  /** The source may answer on another context (e.g. the client's web client): hop back to ours. */
  private void findPeers() {
    spec.peers().peers().onSuccess(list -> context.runOnContext(v -> {
      if (!stopped && state == State.DOWNLOADING) {
        peers.dialNew(this, list);
      }
    }));
  }

  private void saveResume() {
    if (state != State.DOWNLOADING) {
      return;
    }
    unsavedPieces = 0;
    files.saveResume(have)
        .onFailure(e -> LOG.warning("cannot save resume state of " + info.name() + ": " + e));
  }

  /** Closes every peer and the store; an unfinished download keeps its partial and resume files. */
  Future<Void> stop() {
    if (stopped) {
      return Future.succeededFuture();
    }
    if (state == State.DOWNLOADING) {
      saveResume();
    }
    stopped = true;
    context.owner().cancelTimer(timer);
    peers.copy().forEach(c -> c.close("stopped"));
    served.close();
    completion.tryFail("download of " + info.name() + " stopped");
    refreshSnapshot();
    return files.close();
  }

  private void refreshSnapshot() {
    long t = now();
    lastSnapshotAt = t;
    List<TorrentStatus.PieceView> pieces = TorrentStatus.pieceMap(have, picker.openPieces(), sources);
    List<TorrentStatus.PeerView> views = peers.connections().stream().map(c -> c.view(t)).toList();
    long bytesDone = have.stream().mapToLong(info::pieceSize).sum();
    double upRate = peers.connections().stream().mapToDouble(c -> c.up.perSecond(t)).sum();
    snapshot = new TorrentStatus(infoHash, info.name(), spec.group(), spec.file(), state,
        downloaded, have.count(), info.pieceCount(), bytesDone, info.length(),
        down.perSecond(t), upRate, peers.size(), reason, pieces, views, peers.dropped());
  }
}
