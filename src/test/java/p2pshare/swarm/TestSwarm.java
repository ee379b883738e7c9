package p2pshare.swarm;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.metainfo.Sha1;
import p2pshare.storage.PieceSet;
import p2pshare.storage.PieceStore;
import p2pshare.storage.ResumeFile;

/**
 * Engines on loopback for tests: each on its own Vert.x instance (so one can be killed alone),
 * ephemeral ports, and a test token scheme {@code <infoHash>|<expiry epoch seconds>}.
 */
final class TestSwarm implements AutoCloseable {
  final List<Vertx> instances = new CopyOnWriteArrayList<>();
  final List<EngineEvent> events = new CopyOnWriteArrayList<>();

  static final TokenVerifier VERIFIER = (token, hash) -> {
    String[] parts = token.split("\\|");
    return parts.length == 2 && parts[0].equals(hash)
        && Long.parseLong(parts[1]) > Instant.now().getEpochSecond();
  };

  static String validToken(InfoDictionary info) {
    return info.infoHashHex() + "|" + (Instant.now().getEpochSecond() + 3600);
  }

  record Peer(Vertx vertx, PeerEngine engine, List<EngineEvent> events) {
    PeerAddress address() {
      return new PeerAddress("127.0.0.1", engine.address().port());
    }
  }

  Peer peer() {
    return peer(EngineOptions.defaults("127.0.0.1", 0, VERIFIER)
        .withStallTimeout(Duration.ofSeconds(5)));
  }

  /** A new peer sharing {@code file}, the whole of it, with nobody to dial. */
  Peer seeding(InfoDictionary info, Path file) {
    Peer seeder = peer();
    seeder.engine().share(spec(info, file, PeerSource.NONE)).await();
    return seeder;
  }

  Peer peer(EngineOptions options) {
    Vertx vertx = Vertx.vertx();
    instances.add(vertx);
    List<EngineEvent> own = new CopyOnWriteArrayList<>();
    PeerEngine engine = PeerEngine.start(vertx,
        options.withPeerRefresh(Duration.ofMillis(200)),
        e -> {
          own.add(e);
          events.add(e);
        }).await();
    return new Peer(vertx, engine, own);
  }

  static Path randomFile(Path dir, String name, long length, long seed) throws IOException {
    Path file = dir.resolve(name);
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      for (long done = 0; done < length; done += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, length - done));
      }
    }
    return file;
  }

  /** Hashes the file streaming, as upload_file does. */
  static InfoDictionary info(Path file, int pieceLength) throws IOException {
    long length = Files.size(file);
    int count = (int) ((length + pieceLength - 1) / pieceLength);
    byte[] pieces = new byte[count * 20];
    MessageDigest whole = Sha1.newDigest();
    byte[] buffer = new byte[pieceLength];
    try (InputStream in = Files.newInputStream(file)) {
      for (int i = 0; i < count; i++) {
        int n = in.readNBytes(buffer, 0, pieceLength);
        MessageDigest piece = Sha1.newDigest();
        piece.update(buffer, 0, n);
        whole.update(buffer, 0, n);
        System.arraycopy(piece.digest(), 0, pieces, i * 20, 20);
      }
    }
    return InfoDictionary.of(file.getFileName().toString(), length, pieceLength, pieces,
        whole.digest());
  }

  static TorrentSpec spec(InfoDictionary info, Path file, PeerSource source) {
    return new TorrentSpec(info, "g", file, () -> validToken(info), source);
  }

  static PeerSource source(Peer... peers) {
    List<PeerAddress> list = new ArrayList<>();
    for (Peer p : peers) {
      list.add(p.address());
    }
    return () -> Future.succeededFuture(list);
  }

  static PeerSource source(Supplier<List<Peer>> peers) {
    return () -> Future.succeededFuture(peers.get().stream().map(Peer::address).toList());
  }

  /**
   * A peer holding only {@code pieces} of the original: its partial file has those pieces (zeros
   * elsewhere) and its resume file lists them, so the engine resumes it as a partial download.
   */
  static Path preparePartial(Path original, InfoDictionary info, Path target, PieceSet pieces)
      throws IOException {
    Files.createDirectories(target.getParent());
    byte[] all = Files.readAllBytes(original);
    byte[] partial = new byte[all.length];
    pieces.stream().forEach(p -> System.arraycopy(all, (int) info.pieceOffset(p), partial,
        (int) info.pieceOffset(p), info.pieceSize(p)));
    Files.write(PieceStore.partPath(target), partial);
    ResumeFile.write(target, info.infoHashHex(), pieces);
    return target;
  }

  @Override
  public void close() {
    instances.forEach(v -> v.close().await());
  }
}
