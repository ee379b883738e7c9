package p2pshare.swarm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.metainfo.FileHasher;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.swarm.TorrentStatus.State;

/**
 * Our engine in a swarm with libtorrent 2.0 (Debian python3-libtorrent), a BitTorrent client
 * nobody here wrote, over real loopback sockets and real libtorrent processes: it downloads from
 * libtorrent (dialling it, or dialled by it), serves libtorrent, relays between a libtorrent
 * seeder and a libtorrent leecher, and rides out being choked. Token checking is off
 * ({@link EngineOptions#withCheckTokens}, which the launchers never call): a stock client
 * carries no p2pshare token, and the verifier below would refuse any it carried. With checking
 * on, as the launchers always run it, libtorrent gets nothing.
 */
class LibtorrentEngineIT {
  /**
   * 256 KiB pieces and 6 MiB + 3 blocks + 777 bytes: 25 pieces, the last one short and ending in
   * a short block, so both sides must get every size computation at the tail right.
   */
  private static final int PIECE_LENGTH = 256 * 1024;
  private static final int LENGTH = 6 * 1024 * 1024 + 3 * 16 * 1024 + 777;
  private static final String NAME = "interop.bin";
  /** A transfer takes 1-7 s here on a loaded 2-core machine; the rest is headroom, not a goal. */
  private static final Duration TRANSFER_LIMIT = Duration.ofSeconds(60);
  /**
   * 500 KB/s: a download from a slow seeder lasts about 13 s, long enough to see with margin what
   * happens during it (each step below takes about a second on a quiet machine): a leecher served
   * by us while we still download, a seeder choking us. At 1 MB/s (about 6 s) a CI run on a slow
   * boot saw our download finish before a freshly started libtorrent leecher had got a block.
   */
  private static final int SLOW_SEED_RATE = 500_000;
  /** libtorrent never sees a tracker: port 1 refuses at once, peers come only from the test. */
  private static final String NO_TRACKER = "http://127.0.0.1:1/announce";

  @TempDir Path dir;
  private Vertx vertx;
  private PeerEngine engine;
  private final List<LibtorrentPeer> libtorrents = new ArrayList<>();
  private Path original;
  private Path torrentFile;
  private InfoDictionary info;

  @BeforeEach
  void createFileAndTorrent() throws IOException {
    vertx = Vertx.vertx();
    Path seedDir = Files.createDirectories(dir.resolve("seed"));
    byte[] data = new byte[LENGTH];
    new Random(20261128).nextBytes(data);
    original = Files.write(seedDir.resolve(NAME), data);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      info = FileHasher.hash(original, NAME, PIECE_LENGTH, pool);
    } finally {
      pool.shutdown();
    }
    assertTrue(info.pieceSize(info.pieceCount() - 1) < PIECE_LENGTH, "last piece must be short");
    torrentFile = Files.write(dir.resolve(NAME + ".torrent"), info.torrentFile(NO_TRACKER));
  }

  @AfterEach
  void stopEverything() throws Exception {
    List<Exception> failures = new ArrayList<>();
    for (LibtorrentPeer peer : libtorrents) {
      try {
        peer.close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    try {
      if (engine != null) {
        engine.close().await(10, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (!failures.isEmpty()) {
      throw failures.getFirst();
    }
  }

  @Test
  void ourEngineDownloadsFromALibtorrentSeeder() throws Exception {
    PeerAddress seeder = libtorrent(LibtorrentPeer.seeder(dir, torrentFile, original.getParent()))
        .address();
    startEngine();
    Path target = dir.resolve("ours").resolve(NAME);

    TorrentHandle download = engine.download(spec(target, only(seeder))).await(10, TimeUnit.SECONDS);

    awaitCompletion(download);
    assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(target));
    assertTrue(download.status().pieces().stream().allMatch(p -> p.from().equals(seeder.toString())),
        "every piece came from libtorrent: " + download.status().pieces());
  }

  @Test
  void ourEngineDownloadsFromALibtorrentSeederThatConnectsToIt() throws Exception {
    startEngine();
    Path target = dir.resolve("ours").resolve(NAME);
    TorrentHandle download =
        engine.download(spec(target, PeerSource.NONE)).await(10, TimeUnit.SECONDS);

    libtorrent(LibtorrentPeer.seederDialing(dir, torrentFile, original.getParent(),
        List.of(ourAddress())));

    awaitCompletion(download);
    assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(target));
    assertTrue(download.status().pieces().stream().noneMatch(p -> p.from().isEmpty()),
        "every piece names the peer it came from: " + download.status().pieces());
  }

  @Test
  void libtorrentDownloadsFromOurEngine() throws Exception {
    startEngine();
    engine.share(spec(original, PeerSource.NONE)).await(10, TimeUnit.SECONDS);
    Path theirs = Files.createDirectories(dir.resolve("theirs"));

    LibtorrentPeer leecher =
        libtorrent(LibtorrentPeer.leecher(dir, torrentFile, theirs, List.of(ourAddress())));

    leecher.awaitSeeding(TRANSFER_LIMIT);
    assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(theirs.resolve(NAME)));
  }

  @Test
  void libtorrentWithoutATokenGetsNothingFromOurEngineWhenTokensAreChecked() throws Exception {
    startEngine(true);
    engine.share(spec(original, PeerSource.NONE)).await(10, TimeUnit.SECONDS);
    Path theirs = Files.createDirectories(dir.resolve("theirs"));

    LibtorrentPeer outsider =
        libtorrent(LibtorrentPeer.leecher(dir, torrentFile, theirs, List.of(ourAddress())));

    assertEquals(0, outsider.awaitDisconnectionFrom(engine.peerId(), Duration.ofSeconds(30)),
        "pieces libtorrent got from us before we closed its connection");
  }

  @Test
  void ourEngineRelaysFromALibtorrentSeederToALibtorrentLeecher() throws Exception {
    PeerAddress seeder = libtorrent(LibtorrentPeer.slowSeeder(dir, torrentFile,
        original.getParent(), SLOW_SEED_RATE)).address();
    startEngine();
    Path target = dir.resolve("ours").resolve(NAME);
    TorrentHandle download = engine.download(spec(target, only(seeder))).await(10, TimeUnit.SECONDS);
    Path theirs = Files.createDirectories(dir.resolve("theirs"));

    LibtorrentPeer leecher =
        libtorrent(LibtorrentPeer.leecher(dir, torrentFile, theirs, List.of(ourAddress())));

    awaitDuringDownload(download, "the libtorrent leecher to get blocks from us",
        s -> s.peerList().stream().anyMatch(p -> p.incoming() && p.uploaded() > 0));
    awaitCompletion(download);
    leecher.awaitSeeding(TRANSFER_LIMIT);
    byte[] expected = Files.readAllBytes(original);
    assertArrayEquals(expected, Files.readAllBytes(target));
    assertArrayEquals(expected, Files.readAllBytes(theirs.resolve(NAME)));
  }

  @Test
  void ourEngineFinishesAfterALibtorrentSeederChokesItMidDownload() throws Exception {
    LibtorrentPeer seeder = libtorrent(LibtorrentPeer.slowSeeder(dir, torrentFile,
        original.getParent(), SLOW_SEED_RATE));
    startEngine();
    Path target = dir.resolve("ours").resolve(NAME);
    TorrentHandle download =
        engine.download(spec(target, only(seeder.address()))).await(10, TimeUnit.SECONDS);
    awaitDuringDownload(download, "a first verified piece", s -> s.piecesDone() > 0);

    seeder.chokeEveryPeer();

    awaitDuringDownload(download, "libtorrent to choke us",
        s -> s.peerList().stream().anyMatch(p -> p.choked() && p.downloaded() > 0));
    seeder.unchokeEveryPeer();
    awaitCompletion(download);
    assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(target));
  }

  /** Waits for a state of our download that only counts while it is still running. */
  private static void awaitDuringDownload(TorrentHandle download, String what,
      Predicate<TorrentStatus> condition) {
    await(what + " while our download runs")
        .atMost(TRANSFER_LIMIT)
        .failFast("our download finished before " + what, () -> download.completion().isComplete())
        .until(() -> {
          TorrentStatus status = download.status();
          return status.state() == State.DOWNLOADING && condition.test(status);
        });
  }

  private void startEngine() throws TimeoutException {
    startEngine(false);
  }

  private void startEngine(boolean checkTokens) throws TimeoutException {
    TokenVerifier refusesEveryToken = (token, infoHash) -> false;
    EngineOptions options = EngineOptions.defaults("127.0.0.1", 0, refusesEveryToken)
        .withCheckTokens(checkTokens);
    engine = PeerEngine.start(vertx, options, event -> {}).await(10, TimeUnit.SECONDS);
  }

  private PeerAddress ourAddress() {
    return new PeerAddress("127.0.0.1", engine.address().port());
  }

  /** No token to present: libtorrent has none either, and would ignore ours. */
  private TorrentSpec spec(Path file, PeerSource peers) {
    return new TorrentSpec(info, "interop", file, () -> null, peers);
  }

  private static PeerSource only(PeerAddress peer) {
    return () -> Future.succeededFuture(List.of(peer));
  }

  private LibtorrentPeer libtorrent(LibtorrentPeer peer) {
    libtorrents.add(peer);
    return peer;
  }

  private static void awaitCompletion(TorrentHandle download) {
    try {
      await("our download to finish").atMost(TRANSFER_LIMIT)
          .until(() -> download.completion().isComplete());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("our download did not finish: " + summary(download.status()), e);
    }
    assertTrue(download.completion().succeeded(),
        () -> "download failed: " + download.completion().cause());
    TorrentStatus status = download.status();
    assertEquals(State.COMPLETE, status.state());
    assertEquals(status.pieceCount(), status.piecesDone());
  }

  private static String summary(TorrentStatus status) {
    return status.piecesDone() + "/" + status.pieceCount() + " pieces, state " + status.state()
        + ", peers " + status.peerList();
  }
}
