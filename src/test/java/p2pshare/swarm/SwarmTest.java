package p2pshare.swarm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.swarm.TestSwarm.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.storage.PieceSet;
import p2pshare.storage.PieceStore;
import p2pshare.swarm.TorrentStatus.State;

/** Several engines on loopback with real sockets and small pieces, so files have many pieces. */
@Timeout(120)
class SwarmTest {
  private static final int PIECE = 16 * 1024;
  private static final Duration LIMIT = Duration.ofSeconds(20);
  @TempDir Path dir;
  private final TestSwarm swarm = new TestSwarm();

  @AfterEach
  void close() {
    swarm.close();
  }

  /** Waits for the download to end and requires success; a timeout reports the last status. */
  static void awaitCompletion(TorrentHandle handle) {
    awaitCompletion(handle, LIMIT);
  }

  static void awaitCompletion(TorrentHandle handle, Duration limit) {
    try {
      await().atMost(limit).until(() -> handle.completion().isComplete());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("download did not finish: " + brief(handle.status()), e);
    }
    assertTrue(handle.completion().succeeded(), () -> handle.completion().cause().toString());
  }

  static String brief(TorrentStatus s) {
    return s.state() + " " + s.piecesDone() + "/" + s.pieceCount() + " peers=" + s.peerList()
        + " dropped=" + s.droppedPeers() + " reason=" + s.reason();
  }

  private static void assertSameBytes(Path expected, Path actual) throws Exception {
    assertEquals(-1L, Files.mismatch(expected, actual), actual + " differs from " + expected);
  }

  @Test
  void threePartialPeersTogetherDeliverTheWholeFile() throws Exception {
    Path original = randomFile(dir, "movie.bin", 3 * 1024 * 1024 + 123, 1);
    InfoDictionary info = info(original, PIECE);
    int n = info.pieceCount();
    List<TestSwarm.Peer> holders = new CopyOnWriteArrayList<>();
    for (int k = 0; k < 3; k++) {
      PieceSet part = new PieceSet(n);
      for (int p = 0; p < n; p++) {
        if (p % 3 == k || p % 3 == (k + 1) % 3 && p % 2 == 0) {
          part.add(p);
        }
      }
      assertFalse(part.isComplete());
      Path target = preparePartial(original, info, dir.resolve("holder" + k).resolve("movie.bin"),
          part);
      TestSwarm.Peer holder = swarm.peer();
      holder.engine().download(spec(info, target, PeerSource.NONE)).await();
      assertEquals(part.count(), holder.engine().torrents().getFirst().status().piecesDone());
      holders.add(holder);
    }
    TestSwarm.Peer downloader = swarm.peer();
    Path target = dir.resolve("down").resolve("movie.bin");
    TorrentHandle handle = downloader.engine().download(
        spec(info, target, source(holders.toArray(TestSwarm.Peer[]::new)))).await();
    awaitCompletion(handle);
    assertSameBytes(original, target);
    assertFalse(Files.exists(PieceStore.partPath(target)), "partial file renamed away");
    TorrentStatus status = handle.status();
    assertEquals(State.COMPLETE, status.state());
    assertEquals(n, status.piecesDone());
    long distinctSources = status.pieces().stream().map(TorrentStatus.PieceView::from).distinct()
        .count();
    assertTrue(distinctSources >= 3, "pieces came from all three holders");
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, PIECE, PIECE + 1, 5 * PIECE - 7})
  void filesOfEdgeSizesArriveExactly(int length) throws Exception {
    Path original = randomFile(dir, "f.bin", length, length);
    InfoDictionary info = info(original, PIECE);
    TestSwarm.Peer seeder = swarm.seeding(info, original);
    TestSwarm.Peer downloader = swarm.peer();
    Path target = dir.resolve("down").resolve("f.bin");
    TorrentHandle handle = downloader.engine().download(spec(info, target, source(seeder))).await();
    awaitCompletion(handle);
    assertEquals(target, handle.completion().result());
    assertSameBytes(original, target);
  }

  @Test
  void aPeerThatConnectedToUsIsNotDialledAgainWhenTheTrackerListsIt() throws Exception {
    Path original = randomFile(dir, "t.bin", 4 * PIECE, 21);
    InfoDictionary info = info(original, PIECE);
    // Nobody has the file, so both keep downloading and asking their sources for peers. The
    // second's id sorts first: were it to dial the first as well, of the two connections the one
    // it opened would be kept, and the first would see its own connection replaced.
    TestSwarm.Peer first = swarm.peer(EngineOptions.defaults("127.0.0.1", 0, VERIFIER).withPeerId("-PS0001-bbbbbbbbbbbb"));
    TestSwarm.Peer second = swarm.peer(EngineOptions.defaults("127.0.0.1", 0, VERIFIER).withPeerId("-PS0001-aaaaaaaaaaaa"));
    List<TestSwarm.Peer> listedToSecond = new CopyOnWriteArrayList<>();
    AtomicInteger secondAsked = new AtomicInteger();
    TorrentHandle atSecond = second.engine().download(spec(info, dir.resolve("2").resolve("t.bin"),
        source(() -> {
          secondAsked.incrementAndGet();
          return List.copyOf(listedToSecond);
        }))).await();
    TorrentHandle atFirst =
        first.engine().download(spec(info, dir.resolve("1").resolve("t.bin"), source(second))).await();
    await().atMost(LIMIT).until(() -> atFirst.status().peerList().size() == 1
        && atSecond.status().peerList().size() == 1);

    listedToSecond.add(first);
    int asked = secondAsked.get();
    await().atMost(LIMIT).until(() -> secondAsked.get() >= asked + 3);
    assertEquals(List.of(false), atFirst.status().peerList().stream().map(TorrentStatus.PeerView::incoming).toList(),
        "still the connection the first peer opened");
    assertEquals(List.of(true), atSecond.status().peerList().stream().map(TorrentStatus.PeerView::incoming).toList());
  }

  @Test
  void aSourceKilledMidwayDoesNotStopTheDownload() throws Exception {
    Path original = randomFile(dir, "big.bin", 8 * 1024 * 1024, 2);
    InfoDictionary info = info(original, PIECE);
    int n = info.pieceCount();
    // The doomed source lacks the last quarter, so the download is certainly unfinished when it
    // dies; the survivor, listed by the "tracker" only after the kill, has everything.
    PieceSet threeQuarters = new PieceSet(n);
    for (int p = 0; p < n * 3 / 4; p++) {
      threeQuarters.add(p);
    }
    TestSwarm.Peer doomed = swarm.peer();
    doomed.engine().download(spec(info, preparePartial(original, info,
        dir.resolve("doomed").resolve("big.bin"), threeQuarters), PeerSource.NONE)).await();
    TestSwarm.Peer survivor = swarm.seeding(info, original);
    List<TestSwarm.Peer> sources = new CopyOnWriteArrayList<>(List.of(doomed));
    TestSwarm.Peer downloader = swarm.peer();
    Path target = dir.resolve("down").resolve("big.bin");
    TorrentHandle handle = downloader.engine().download(
        spec(info, target, source(() -> List.copyOf(sources)))).await();
    await().atMost(LIMIT).until(() -> handle.status().piecesDone() >= n / 4);
    doomed.vertx().close().await(); // its whole Vert.x, like a crashed process
    sources.set(0, survivor);
    awaitCompletion(handle);
    assertSameBytes(original, target);
    String doomedAddress = doomed.address().toString();
    String survivorAddress = survivor.address().toString();
    List<String> from = handle.status().pieces().stream().map(TorrentStatus.PieceView::from)
        .toList();
    assertTrue(from.contains(doomedAddress), "the doomed source sent pieces before it died");
    assertTrue(from.contains(survivorAddress), "the survivor sent the rest");
  }

  @Test
  void aSecondDownloaderFetchesFromTheFirstWhileTheFirstIsStillDownloading() throws Exception {
    Path original = randomFile(dir, "relay.bin", 2 * 1024 * 1024, 3);
    InfoDictionary info = info(original, PIECE);
    int n = info.pieceCount();
    PieceSet allButLast = new PieceSet(n);
    for (int p = 0; p < n - 1; p++) {
      allButLast.add(p);
    }
    Path partialTarget = preparePartial(original, info, dir.resolve("p").resolve("relay.bin"),
        allButLast);
    TestSwarm.Peer partial = swarm.peer();
    partial.engine().download(spec(info, partialTarget, PeerSource.NONE)).await();
    List<TestSwarm.Peer> firstSources = new CopyOnWriteArrayList<>(List.of(partial));
    TestSwarm.Peer first = swarm.peer();
    TorrentHandle firstHandle = first.engine().download(
        spec(info, dir.resolve("1").resolve("relay.bin"), source(() -> List.copyOf(firstSources)))).await();
    TestSwarm.Peer second = swarm.peer();
    TorrentHandle secondHandle = second.engine().download(
        spec(info, dir.resolve("2").resolve("relay.bin"), source(first))).await();
    // The first cannot finish (nobody has the last piece) yet the second gets everything else
    // from it: verified pieces are served at once.
    await().atMost(LIMIT).until(() -> secondHandle.status().piecesDone() == n - 1);
    assertEquals(State.DOWNLOADING, firstHandle.status().state());
    TestSwarm.Peer seeder = swarm.seeding(info, original);
    firstSources.add(seeder);
    awaitCompletion(firstHandle);
    awaitCompletion(secondHandle);
    assertSameBytes(original, dir.resolve("2").resolve("relay.bin"));
  }

  @Test
  void anAbruptlyStoppedDownloadResumesFromItsVerifiedPieces() throws Exception {
    Path original = randomFile(dir, "resume.bin", 8 * 1024 * 1024, 4);
    InfoDictionary info = info(original, PIECE);
    int n = info.pieceCount();
    // The first source has only half the file, so the download is certainly unfinished when
    // it is killed.
    PieceSet half = new PieceSet(n);
    for (int p = 0; p < n; p += 2) {
      half.add(p);
    }
    TestSwarm.Peer halfSeeder = swarm.peer();
    halfSeeder.engine().download(spec(info,
        preparePartial(original, info, dir.resolve("half").resolve("resume.bin"), half),
        PeerSource.NONE)).await();
    Path target = dir.resolve("down").resolve("resume.bin");
    TestSwarm.Peer doomed = swarm.peer();
    TorrentHandle handle = doomed.engine().download(spec(info, target, source(halfSeeder))).await();
    await().atMost(LIMIT).until(() -> handle.status().piecesDone() == half.count());
    doomed.vertx().close().await(); // no stop(): like a killed process, only what was saved counts
    assertTrue(Files.exists(PieceStore.partPath(target)));
    TestSwarm.Peer seeder = swarm.seeding(info, original);
    TestSwarm.Peer again = swarm.peer();
    TorrentHandle resumed = again.engine().download(spec(info, target, source(seeder))).await();
    int resumedWith = resumed.status().piecesDone();
    assertTrue(resumedWith > 0, "resumed with verified pieces, not from zero");
    awaitCompletion(resumed);
    assertSameBytes(original, target);
    long fetched = again.events().stream()
        .filter(e -> e instanceof EngineEvent.PieceVerified).count();
    assertEquals(n - resumedWith, fetched, "only the missing pieces were fetched again");
    assertTrue(fetched < n);
  }
}
