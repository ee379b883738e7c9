package p2pshare.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import p2pshare.common.PeerToken;
import p2pshare.metainfo.FileHasher;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.swarm.EngineOptions;
import p2pshare.swarm.PeerAddress;
import p2pshare.swarm.PeerEngine;
import p2pshare.swarm.PeerSource;
import p2pshare.swarm.TorrentHandle;
import p2pshare.swarm.TokenVerifier;
import p2pshare.swarm.TorrentSpec;

/**
 * Runs the wire path once inside the client before the user needs it: a file of random bytes is
 * hashed, shared by one throw-away engine and downloaded by two others at once over loopback (which
 * also trade pieces with each other), a few times, with peer tokens of a throw-away key checked on
 * every side. A fresh JVM interprets code until it has run a few hundred times, and a 1 MiB
 * download runs most of its steps fewer times than that (64 blocks), so without this the user's
 * first download ran almost all of it interpreted: handshake, token check, decoding, piece SHA-1.
 * Nothing here is reachable from outside: the engines listen on 127.0.0.1 and serve only peers
 * holding a token of the throw-away key. It gives way as soon as the user's own first transfer
 * starts ({@link #giveWay}): by then it has paid for the coldest part, and the rest would only take
 * CPU from the real thing.
 */
final class WirePathWarmUp {
  /**
   * Pieces of one block (16 KiB, the smallest allowed): the steps run once per piece (assembly,
   * hashing, the write, the whole-file hash, HAVE) run as often as the per-block ones. With the
   * default 512 KiB pieces the warm-up ran them 24 times, and the JIT met them cold in the user's
   * download: in a 1 GiB download the first second ran them interpreted, and about 1,500 methods
   * were compiled while it ran (some 0.4 s of the compiler thread and 0.3 s in the interpreter).
   */
  private static final int PIECE_LENGTH = InfoDictionary.MIN_PIECE_LENGTH;
  /** 8 MiB: 512 pieces and blocks, and some 130 network reads (each decoded as it comes). */
  private static final int FILE_BYTES = 8 * 1024 * 1024;
  /**
   * 3 rounds of two downloads at once (3,072 pieces): past the JIT's first-tier thresholds (a few
   * hundred calls) for the per-block, per-piece and per-read steps; SHA-1 gets its compiled (SHA
   * instruction) form during the first. Two downloaders, the second also connected to the first,
   * so that serving pieces, HAVEs from a peer that is not a seed and picking among partial
   * bitfields are warm too: with one downloader of one seed they were first compiled in the
   * user's download, while it ran.
   */
  private static final int ROUNDS = 3;
  /** Bounds each step; on loopback every one takes well under a second. */
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final String GROUP = "warm-up";

  private final Vertx vertx;
  private final Path dir;
  private volatile boolean givenWay;
  /** Stops the downloads running now, if any. */
  private volatile Runnable stopCurrent = () -> {};
  private final Runnable downloadStarted;

  /** {@code dir}: the warm-up's own files, emptied first and removed at the end. */
  WirePathWarmUp(Vertx vertx, Path dir) {
    this(vertx, dir, () -> {});
  }

  /** {@code downloadStarted}: told as each round's downloads start, on the warm-up's thread (for tests). */
  WirePathWarmUp(Vertx vertx, Path dir, Runnable downloadStarted) {
    this.vertx = vertx;
    this.dir = dir;
    this.downloadStarted = downloadStarted;
  }

  /**
   * Stops the downloads running now and starts no others (from any thread): the user's upload or
   * download would otherwise share both cores with the rest of it (up to a second of CPU).
   */
  void giveWay() {
    givenWay = true;
    stopCurrent.run();
  }

  /** How many rounds of downloads ran to the end, and how many pieces the second got from the first. */
  record Rounds(int done, int traded) {}

  /** Blocking: call it on a thread of its own. */
  Rounds run() throws Exception {
    delete(dir);
    Files.createDirectories(dir);
    ExecutorService hashPool = Executors.newSingleThreadExecutor(
        Thread.ofPlatform().name("p2pshare-warm-up-hash").daemon(true).factory());
    try {
      return swarm(hashPool);
    } finally {
      hashPool.shutdownNow();
      delete(dir);
    }
  }

  private Rounds swarm(ExecutorService hashPool) throws Exception {
    byte[] bytes = new byte[FILE_BYTES];
    new Random(FILE_BYTES).nextBytes(bytes);
    Path payload = Files.write(dir.resolve("payload.bin"), bytes);
    InfoDictionary info = FileHasher.hash(payload, "payload.bin", PIECE_LENGTH, hashPool);
    KeyPair keys = PeerToken.generateKeyPair();
    String hash = info.infoHashHex();
    Instant now = Instant.now();
    String token = PeerToken.sign(keys.getPrivate(), GROUP, GROUP, hash, now, now.plus(STEP.multipliedBy(ROUNDS)));
    TokenVerifier verifier = (t, h) ->
        PeerToken.verify(keys.getPublic(), t, h, Instant.now()) instanceof PeerToken.Valid;
    // Options apiece: each gets its own random peer id (an engine drops a peer with its own id).
    PeerEngine seeder = engine(verifier);
    PeerEngine first = engine(verifier);
    PeerEngine second = engine(verifier);
    try {
      await(seeder.share(new TorrentSpec(info, GROUP, payload, () -> token, PeerSource.NONE)));
      PeerAddress seed = loopback(seeder);
      PeerAddress firstPeer = loopback(first);
      int done = 0;
      int traded = 0;
      for (; done < ROUNDS && !givenWay; done++) {
        // The second knows the first as well as the seed: the two trade what each has verified.
        TorrentHandle one = await(first.download(copy(info, token, "a-" + done, seed)));
        TorrentHandle two = await(second.download(copy(info, token, "b-" + done, seed, firstPeer)));
        stopCurrent = () -> {
          second.stop(hash);
          first.stop(hash);
        };
        downloadStarted.run();
        if (givenWay) {
          stopCurrent.run(); // told while the downloads were being set up
        }
        try {
          await(one.completion());
          await(two.completion());
        } catch (RuntimeException e) {
          if (givenWay) {
            break; // stopped to give way; done counts whole rounds only
          }
          throw e;
        } finally {
          stopCurrent = () -> {};
        }
        traded += (int) two.status().pieces().stream()
            .filter(p -> List.of(p.from().split(",")).contains(firstPeer.toString())).count();
        await(second.stop(hash));
        await(first.stop(hash));
      }
      return new Rounds(done, traded);
    } finally {
      // Dialers first: an engine closing under a peer's dial logs a failed accept.
      await(second.close());
      await(first.close());
      await(seeder.close());
    }
  }

  /** A throw-away engine on 127.0.0.1, any free port. */
  private PeerEngine engine(TokenVerifier verifier) throws TimeoutException {
    return await(PeerEngine.start(vertx, EngineOptions.defaults("127.0.0.1", 0, verifier), e -> {}));
  }

  private static PeerAddress loopback(PeerEngine engine) {
    return new PeerAddress("127.0.0.1", engine.address().port());
  }

  private TorrentSpec copy(InfoDictionary info, String token, String name, PeerAddress... peers) {
    return new TorrentSpec(info, GROUP, dir.resolve("copy-" + name + ".bin"), () -> token,
        () -> Future.succeededFuture(List.of(peers)));
  }

  private static <T> T await(Future<T> future) throws TimeoutException {
    return future.await(STEP.toSeconds(), TimeUnit.SECONDS);
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
