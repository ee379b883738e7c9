package p2pshare.launch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.launch.SwarmFixtures.*;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.client.LocalState;
import p2pshare.client.LocalStateStore;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.storage.PieceSet;
import p2pshare.storage.PieceStore;
import p2pshare.storage.ResumeFile;
import p2pshare.swarm.BlockingPeer;
import p2pshare.wire.PeerMessage;

/**
 * Files through the real {@code ./tracker} (two, clustered) and {@code ./client} launchers as OS
 * processes: uploads, a second source, downloads checked byte for byte, the sharer counts, errors,
 * stop_share, a logout that really stops serving and a login that restores it, a download
 * killed with -9 that resumes after a restart from the pieces it had, a leaver's open connection
 * closed by a real client, and downloads into a read-only, a too small and a filling disk.
 */
class SwarmProcessIT {
  @TempDir static Path dir;
  private static final Path REPO = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  /** A download from the engine's peer refresh (10 s) to the end, on 2 busy cores. */
  private static final Duration TRANSFER = Duration.ofSeconds(60);
  /** The tracker's announce interval (30 s), the engine's one-second re-check, a busy machine. */
  private static final Duration ANNOUNCE_AND_RECHECK = Duration.ofSeconds(45);
  private static final List<AutoCloseable> started = new ArrayList<>();
  private static TrackerCluster cluster;

  @BeforeAll
  static void startTrackers() throws Exception {
    cluster = new TrackerCluster(REPO, dir);
    started.add(cluster);
    cluster.startBoth();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (AutoCloseable c : started.reversed()) c.close();
  }

  /** A client on {@code port} keeping its data in {@code dir/name}, so a restart finds it again. */
  private static LauncherProcess client(String name, int port) throws IOException {
    return client(name, port, List.of());
  }

  /** As {@link #client(String, int)}, the launcher run by {@code wrapper} (which ends in exec "$@"). */
  private static LauncherProcess client(String name, int port, List<String> wrapper) throws IOException {
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(List.of(
        "./client", "127.0.0.1:" + port, cluster.trackerInfo.toString(), "--data-dir", dir.resolve(name).toString()));
    LauncherProcess c = LauncherProcess.start(name, REPO, command);
    started.add(c);
    c.awaitOutput(out -> out.contains("peers reach it at 127.0.0.1:" + port), "start-up line");
    return c;
  }

  private static LauncherProcess user(String name) throws IOException {
    LauncherProcess c = client(name, TrackerCluster.freePort());
    c.ask("create_user " + name + " pw-" + name, "user " + name + " created");
    c.ask("login " + name + " pw-" + name, "logged in as " + name);
    return c;
  }

  private static void member(LauncherProcess owner, LauncherProcess joiner, String joinerName, String group)
      throws IOException {
    joiner.ask("join_group " + group, "asked to join " + group);
    owner.ask("accept_request " + group + " " + joinerName, joinerName + " is now a member of " + group);
  }

  @Test
  void membersShareAndDownloadWhileOutsidersGetNothing() throws Exception {
    LauncherProcess alice = user("alice");
    LauncherProcess bob = user("bob");
    LauncherProcess carol = user("carol");
    LauncherProcess dave = user("dave");
    alice.ask("create_group films", "group films created");
    member(alice, bob, "bob", "films");
    member(alice, carol, "carol", "films");

    // Alice shares a file, Bob the same bytes from his own copy: two sources, one entry.
    Path movie = randomFile(dir.resolve("files/alice/movie.bin"), 3 * 1024 * 1024 + 1234, 42);
    Path bobsMovie = Files.copy(movie, Files.createDirectories(dir.resolve("files/bob")).resolve("movie.bin"));
    InfoDictionary info = infoOf(movie);
    alice.ask("upload_file " + movie + " films",
        "shared 'movie.bin' (3.0 MiB, 7 pieces) in group 'films' [" + shortHash(info) + "]");
    alice.ask("list_files films", "movie.bin  3.0 MiB  sharers: 1 (1 online)  [" + shortHash(info) + "]");
    bob.ask("upload_file " + bobsMovie + " films", "shared 'movie.bin'");
    alice.ask("list_files films", "movie.bin  3.0 MiB  sharers: 2 (2 online)");
    Path impostor = randomFile(dir.resolve("files/bob/other/movie.bin"), 1000, 43);
    bob.ask("upload_file " + impostor + " films",
        "error: a different file named 'movie.bin' is already shared in 'films'; rename yours and upload it again");
    // Bob's client started serving it beside the tracker's POST, and withdrew it at the refusal.
    assertFalse(servesHandshake(peerPort(bob), infoOf(impostor)), "bob must not serve a file films refused");
    // Content served in one group is refused for another before the tracker hears of it.
    alice.ask("create_group series", "group series created");
    alice.ask("upload_file " + movie + " series", "error: this client already shares the same content in group 'films'");
    alice.ask("list_files series", "no files in series yet");
    bob.ask("upload_file " + dir.resolve("files/bob/nothing-here") + " films", "error: no file at ");

    // Not a member: nothing to see, fetch or add.
    dave.ask("list_files films", "error: you are not a member of 'films'");
    dave.ask("download_file films movie.bin " + dir, "error: you are not a member of 'films'");
    dave.ask("upload_file " + impostor + " films", "error: you are not a member of 'films'");

    // Carol downloads into a directory; she becomes the third sharer.
    Path carolDir = Files.createDirectories(dir.resolve("files/carol"));
    String started = carol.ask("download_file films movie.bin " + carolDir,
        "downloading 'movie.bin' (3.0 MiB) from group 'films' to " + carolDir.resolve("movie.bin"));
    // The shell says when it is done, without being asked (a fast download may say it first).
    String notice = "download of 'movie.bin' in films complete: " + carolDir.resolve("movie.bin");
    if (!started.contains(notice)) {
      carol.awaitOutput(printed -> printed.contains(notice), "completion notice");
    }
    carol.askUntil("Show_downloads", "[C] [films] movie.bin  100.0%  7/7 pieces", TRANSFER);
    assertSameBytes(movie, carolDir.resolve("movie.bin"));
    alice.askUntil("list_files films", "movie.bin  3.0 MiB  sharers: 3 (3 online)", TRANSFER);
    carol.ask("download_file films movie.bin " + carolDir,
        "error: " + carolDir.resolve("movie.bin") + " already exists; remove it or choose another destination");
    carol.ask("download_file films movie.bin " + carolDir + "/no/such/dir/",
        "error: directory " + carolDir.resolve("no/such/dir") + " does not exist");
    String detail = carol.ask("download_detail films movie.bin", "#######");
    assertTrue(detail.contains("[C] [films] movie.bin"), detail);

    // The smallest files: no piece at all, and one piece of one byte; the second under a new name.
    Path empty = Files.write(dir.resolve("files/alice/empty.bin"), new byte[0]);
    Path one = Files.write(dir.resolve("files/alice/one.bin"), new byte[] {7});
    alice.ask("upload_file " + empty + " films", "shared 'empty.bin' (0 B, 0 pieces) in group 'films'");
    alice.ask("upload_file " + one + " films", "shared 'one.bin' (1 B, 1 piece) in group 'films'");
    carol.ask("download_file films empty.bin " + carolDir, "downloading 'empty.bin' (0 B)");
    carol.ask("download_file films one.bin " + carolDir.resolve("renamed.bin"), "downloading 'one.bin' (1 B)");
    carol.askUntil("show_downloads", "[C] [films] one.bin  100.0%  1/1 pieces", TRANSFER);
    carol.askUntil("show_downloads", "[C] [films] empty.bin  100.0%  0/0 pieces", TRANSFER);
    assertSameBytes(empty, carolDir.resolve("empty.bin"));
    assertSameBytes(one, carolDir.resolve("renamed.bin"));

    // Bob stops sharing: the tracker counts one sharer less; a second stop is refused.
    bob.ask("stop_share films movie.bin", "stopped sharing 'movie.bin' in group 'films'");
    alice.ask("list_files films", "movie.bin  3.0 MiB  sharers: 2 (2 online)");
    bob.ask("stop_share films movie.bin", "error: you do not share 'movie.bin' in 'films'");
    bob.ask("show_downloads", "no downloads");

    // Leaving the group stops carol's shares there, at the tracker and on her peer port.
    int carolPort = peerPort(carol);
    assertTrue(servesHandshake(carolPort, info), "carol serves movie.bin while a member");
    carol.ask("leave_group films", "left films");
    assertFalse(servesHandshake(carolPort, info), "carol must not serve movie.bin after leaving films");
    alice.ask("list_files films", "movie.bin  3.0 MiB  sharers: 1 (1 online)");
    carol.ask("show_downloads", "no downloads");
  }

  @Test
  void logoutStopsServingLoginRestoresAndAKilledDownloadResumes() throws Exception {
    LauncherProcess erin = user("erin");
    int patPort = TrackerCluster.freePort();
    LauncherProcess pat = client("pat", patPort);
    pat.ask("create_user pat pw-pat", "user pat created");
    pat.ask("login pat pw-pat", "logged in as pat");
    int fredPort = TrackerCluster.freePort();
    LauncherProcess fred = client("fred", fredPort);
    fred.ask("create_user fred pw-fred", "user fred created");
    fred.ask("login fred pw-fred", "logged in as fred");
    erin.ask("create_group shows", "group shows created");
    member(erin, pat, "pat", "shows");
    member(erin, fred, "fred", "shows");

    int pieces = 16;
    Path big = randomFile(dir.resolve("files/erin/big.bin"), pieces * PIECE, 7);
    InfoDictionary info = infoOf(big);
    int erinPort = peerPort(erin);
    erin.ask("upload_file " + big + " shows", "shared 'big.bin' (8.0 MiB, 16 pieces) in group 'shows'");
    assertTrue(servesHandshake(erinPort, info), "erin serves big.bin while logged in");

    // Logout stops serving: the tracker lists nobody online and erin's peer port refuses the file.
    erin.ask("logout", "erin logged out");
    fred.ask("list_files shows", "big.bin  8.0 MiB  sharers: 1 (0 online)");
    assertFalse(servesHandshake(erinPort, info), "erin must not serve big.bin after logout");

    // Pat's client stopped half-way through big.bin: its first 8 pieces verified on disk, exactly
    // what a client leaves behind (state.json, partial file, resume record).
    pat.send("quit");
    assertEquals(0, pat.awaitExit());
    Path patTarget = Files.createDirectories(dir.resolve("files/pat")).resolve("big.bin");
    PieceSet half = new PieceSet(pieces);
    BitSet halfBits = new BitSet();
    for (int p = 0; p < pieces / 2; p++) {
      half.add(p);
      halfBits.set(p);
    }
    try (FileChannel part = FileChannel.open(PieceStore.partPath(patTarget), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      part.write(java.nio.ByteBuffer.wrap(Arrays.copyOf(Files.readAllBytes(big), pieces / 2 * PIECE)));
    }
    ResumeFile.write(patTarget, info.infoHashHex(), half);
    new LocalStateStore(dir.resolve("pat")).save("pat", LocalState.EMPTY.withDownload(new LocalState.Download(
        "shows", "big.bin", patTarget, info.infoHashHex(), Base64.getEncoder().encodeToString(info.encoded()), halfBits)));
    pat = client("pat", patPort);
    pat.ask("login pat pw-pat", "logged in as pat; resuming 1 download");
    pat.ask("show_downloads", "[D] [shows] big.bin  50.0%  8/16 pieces");

    // Fred gets the half pat has, and is killed with -9 once his resume record holds it.
    Path fredDir = Files.createDirectories(dir.resolve("files/fred"));
    Path fredTarget = fredDir.resolve("big.bin");
    fred.ask("download_file shows big.bin " + fredDir, "downloading 'big.bin' (8.0 MiB)");
    fred.askUntil("show_downloads", "[D] [shows] big.bin  50.0%  8/16 pieces", TRANSFER);
    await("fred's resume record holds 8 pieces").atMost(TRANSFER).until(() ->
        ResumeFile.read(fredTarget, info.infoHashHex(), pieces).map(PieceSet::count).orElse(0) == pieces / 2);
    fred.kill();
    pat.ask("logout", "pat logged out");

    // Fred's restarted client resumes at login, from 8 pieces, not from zero; nobody serves yet.
    fred = client("fred", fredPort);
    fred.ask("login fred pw-fred", "logged in as fred; resuming 1 download");
    fred.ask("show_downloads", "[D] [shows] big.bin  50.0%  8/16 pieces");

    // Erin's login brings her share back by itself, and fred finishes from her.
    erin.ask("login erin pw-erin", "logged in as erin; sharing 1 file again");
    assertTrue(servesHandshake(erinPort, info), "erin serves big.bin again after login");
    fred.askUntil("show_downloads", "[C] [shows] big.bin  100.0%  16/16 pieces", TRANSFER);
    assertSameBytes(big, fredTarget);
    erin.askUntil("list_files shows", "big.bin  8.0 MiB  sharers: 2 (2 online)", TRANSFER);
  }

  /**
   * Revocation on a real client: ben and cat, members of ann's group, each hold a connection to
   * ann's client opened with their own tracker token (fetched over the API, as anybody could).
   * Ben leaves the group. With its next announce (every 30 s) ann's client gets the new member
   * list and closes ben's connection; his token, genuine and unexpired, opens nothing any more,
   * while cat is served on.
   */
  @Test
  void aLeaversOpenConnectionToARealClientIsClosedWithinAnAnnounceInterval() throws Exception {
    LauncherProcess ann = user("ann");
    String ben = apiUser("ben");
    String cat = apiUser("cat");
    ann.ask("create_group club", "group club created");
    for (String[] joiner : List.of(new String[] {"ben", ben}, new String[] {"cat", cat})) {
      cluster.api(1, "POST", "/api/groups/club/join", joiner[1], null);
      ann.ask("accept_request club " + joiner[0], joiner[0] + " is now a member of club");
    }
    Path file = randomFile(dir.resolve("files/ann/club.bin"), PIECE + 77, 31);
    InfoDictionary info = infoOf(file);
    ann.ask("upload_file " + file + " club", "shared 'club.bin'");
    String path = "/api/groups/club/files/club.bin";
    String benToken = cluster.api(1, "GET", path, ben, null).getString("token");
    String catToken = cluster.api(1, "GET", path, cat, null).getString("token");

    int port = peerPort(ann);
    try (BlockingPeer leaving = BlockingPeer.served(port, info.infoHash(), benToken, "-RW0001-ben000000000", BLOCK, TRANSFER);
        BlockingPeer staying = BlockingPeer.served(port, info.infoHash(), catToken, "-RW0001-cat000000000", BLOCK, TRANSFER)) {
      cluster.api(1, "POST", "/api/groups/club/leave", ben, null);
      long left = System.nanoTime();
      leaving.awaitClosed(ANNOUNCE_AND_RECHECK);
      System.out.printf("ben's connection to ann's client closed %d ms after he left%n",
          (System.nanoTime() - left) / 1_000_000);
      staying.send(new PeerMessage.Request(0, BLOCK, BLOCK));
      assertEquals(2, staying.awaitMessages(PeerMessage.Piece.class, 2, TRANSFER).size(), "cat is served on");
    }
    try (BlockingPeer again = BlockingPeer.connect(port).greet(info.infoHash(), benToken, "-RW0001-ben000000001")) {
      // The refusal may close the connection before these arrive; either way nothing may leak.
      again.sendUnlessClosed(new PeerMessage.Interested(), new PeerMessage.Request(0, 0, BLOCK));
      again.awaitClosed(TRANSFER);
      assertTrue(again.received().stream().noneMatch(m -> m instanceof PeerMessage.Unchoke
          || m instanceof PeerMessage.Piece || m instanceof PeerMessage.Bitfield || m instanceof PeerMessage.HaveAll),
          "nothing for the leaver's old token: " + again.received());
    }
  }

  /** A user made and logged in over the API: the session token. */
  private static String apiUser(String name) throws Exception {
    cluster.api(1, "POST", "/api/users", null, new JsonObject().put("user", name).put("password", "pw-" + name));
    return cluster.api(1, "POST", "/api/sessions", null, new JsonObject().put("user", name).put("password", "pw-" + name))
        .getString("token");
  }

  /**
   * A full disk and a read-only destination, for real: hal's client runs in its own user and mount
   * namespaces ({@code unshare -rm}: no real root needed, and a read-only mount refuses root too)
   * with tmpfs mounts over three directories: read-only, 1 MiB and 3 MiB. download_file into the
   * first two is refused at once (not writable, not enough room for 2 MiB). The download into the
   * third starts while nobody serves the file; the test then fills that disk from outside (through
   * /proc/PID/root), and once the sharer is back the download fails with the system's reason as
   * [F]. The client keeps running and serves its own file to gus.
   */
  @Test
  void aFullDiskOrReadOnlyDestinationFailsThatDownloadAndTheClientKeepsServing() throws Exception {
    Path readOnly = Files.createDirectories(dir.resolve("mounts/read-only"));
    Path small = Files.createDirectories(dir.resolve("mounts/small"));
    Path filling = Files.createDirectories(dir.resolve("mounts/filling"));
    String mounts = "mount -t tmpfs -o ro,size=1m none " + readOnly + " && mount -t tmpfs -o size=1m none " + small
        + " && mount -t tmpfs -o size=3m none " + filling;
    assertNamespacesWork(mounts);
    LauncherProcess gus = user("gus");
    LauncherProcess hal = client("hal", TrackerCluster.freePort(),
        List.of("unshare", "-rm", "sh", "-c", mounts + " && exec \"$0\" \"$@\""));
    hal.ask("create_user hal pw-hal", "user hal created");
    hal.ask("login hal pw-hal", "logged in as hal");
    gus.ask("create_group disks", "group disks created");
    member(gus, hal, "hal", "disks");
    Path big = randomFile(dir.resolve("files/gus/big.bin"), 4 * PIECE + 99, 21);
    gus.ask("upload_file " + big + " disks", "shared 'big.bin' (2.0 MiB, 5 pieces)");
    Path own = randomFile(dir.resolve("files/hal/own.bin"), PIECE + 5, 22);
    hal.ask("upload_file " + own + " disks", "shared 'own.bin'");

    hal.ask("download_file disks big.bin " + readOnly,
        "error: cannot write in " + readOnly + " (read-only file system or no permission); choose another destination");
    hal.ask("download_file disks big.bin " + small, "error: not enough space in " + small
        + ": big.bin needs 2.0 MiB, 1.0 MiB free; free some space or choose another destination");

    gus.ask("logout", "gus logged out");
    hal.ask("download_file disks big.bin " + filling, "downloading 'big.bin'");
    hal.ask("show_downloads", "[D] [disks] big.bin  0.0%  0/5 pieces");
    Path seenByHal = Path.of("/proc/" + hal.pid() + "/root").resolve(filling.toString().substring(1));
    Files.write(seenByHal.resolve("filler"), new byte[2 * 1024 * 1024]);
    gus.ask("login gus pw-gus", "logged in as gus; sharing 1 file again");
    String failed = hal.askUntil("show_downloads", "[F] [disks] big.bin", TRANSFER);
    assertTrue(failed.contains("failed: cannot write ") && failed.contains("No space left on device"), failed);
    assertTrue(Files.notExists(seenByHal.resolve("big.bin")), "no final file appears");

    Path gusDir = Files.createDirectories(dir.resolve("files/gus/from-hal"));
    gus.ask("download_file disks own.bin " + gusDir, "downloading 'own.bin'");
    gus.askUntil("show_downloads", "[C] [disks] own.bin  100.0%", TRANSFER);
    assertSameBytes(own, gusDir.resolve("own.bin"));
    hal.ask("status", "hal");
  }
}
