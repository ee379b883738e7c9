package p2pshare.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.metainfo.InfoDictionary;

/**
 * The real {@code ./tracker} and {@code ./client} launchers as OS processes: two users go through
 * every account and group command while trackers are killed with -9, restarted, and finally both
 * stopped and started again. Nothing here talks to the programs except through their stdin,
 * stdout and the network (plus one direct API call standing in for upload_file, which the swarm
 * engine will serve).
 */
class LaunchersProcessIT {
  @TempDir static Path dir;
  private static final List<AutoCloseable> started = new ArrayList<>();

  private static final Path REPO = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

  @AfterAll
  static void stopEverything() throws Exception {
    for (AutoCloseable c : started.reversed()) c.close();
  }

  private static LauncherProcess client(String name, Path trackerInfo) throws IOException {
    int port = TrackerCluster.freePort();
    LauncherProcess c = LauncherProcess.start(name, REPO, List.of(
        "./client", "127.0.0.1:" + port, trackerInfo.toString(), "--data-dir", dir.resolve(name).toString()));
    started.add(c);
    c.awaitOutput(out -> out.contains("peers reach it at 127.0.0.1:" + port), "start-up line");
    return c;
  }

  /** What upload_file will do through the swarm engine: register an info dictionary. */
  private static void shareAFileAs(
      String user, String password, String group, String name, int length, TrackerCluster cluster, int n)
      throws Exception {
    String token = cluster.api(n, "POST", "/api/sessions", null,
        new JsonObject().put("user", user).put("password", password)).getString("token");
    int pieceLength = InfoDictionary.MIN_PIECE_LENGTH;
    int pieces = (length + pieceLength - 1) / pieceLength;
    InfoDictionary info = InfoDictionary.of(name, length, pieceLength, new byte[pieces * 20], new byte[20]);
    cluster.api(n, "POST", "/api/groups/" + group + "/files", token,
        new JsonObject().put("info", Base64.getEncoder().encodeToString(info.encoded())));
  }

  @Test
  void everyCommandSurvivesTrackerCrashesAndAFullRestart() throws Exception {
    TrackerCluster cluster = new TrackerCluster(REPO, dir);
    started.add(cluster);
    cluster.startBoth();

    LauncherProcess alice = client("alice", cluster.trackerInfo);
    LauncherProcess bob = client("bob", cluster.trackerInfo);

    // Accounts: everything before a login is refused with the way forward.
    assertTrue(alice.ask("help", "join_group <group_id>").contains("quit"));
    alice.ask("status", "user: (not logged in)");
    alice.ask("create_group movies", "error: not logged in (login <user_id> <password>)");
    alice.ask("create_user alice s3cret", "user alice created");
    alice.ask("create_user alice other", "error: user 'alice' already exists");
    alice.ask("create_user", "error: usage: create_user <user_id> <password>");
    alice.ask("login nobody x", "error: user 'nobody' not found");
    alice.ask("login alice wrong", "error: wrong password for 'alice'");
    alice.ask("Login\u200B alice s3cret", "logged in as alice");
    alice.ask("LOGIN alice s3cret", "error: already logged in as alice (logout first)");
    alice.ask("frobnicate", "error: unknown command 'frobnicate' (help lists the commands)");

    // Groups: owner alice, joiner bob.
    alice.ask("create_group movies", "group movies created; you own it");
    alice.ask("create_group movies", "error: group 'movies' already exists");
    alice.ask("join_group movies", "error: you are already a member of 'movies'");
    alice.ask("join_group", "error: usage: join_group <group_id>");
    bob.ask("create_user bob pw", "user bob created");
    bob.ask("login bob pw", "logged in as bob");
    bob.ask("join_group nosuch", "error: group 'nosuch' not found");
    bob.ask("join_group movies", "asked to join movies");
    bob.ask("join_group movies", "error: your request to join 'movies' is already pending");
    bob.ask("list_requests movies", "error: only the owner of 'movies' (alice)");
    bob.ask("list_files movies", "error: you are not a member of 'movies'");
    alice.ask("list_requests movies", "pending requests for movies:\nbob");
    alice.ask("accept_request movies carol", "error: no pending request from 'carol'");
    alice.ask("list_groups", "movies  owner: alice  members: 1  (yours, 1 pending)");

    // Tracker 1 dies mid-session: both clients carry on through tracker 2 without a new login.
    cluster.tracker(1).kill();
    String accepted = alice.ask("accept_request movies bob", "bob is now a member of movies");
    assertTrue(accepted.contains("tracker " + cluster.address(1) + " unreachable, using " + cluster.address(2)), accepted);
    String listed = bob.ask("list_groups", "movies  owner: alice  members: 2  (member)");
    assertTrue(listed.contains("unreachable, using " + cluster.address(2)), listed);
    bob.ask("list_files movies", "no files in movies yet");
    shareAFileAs("bob", "pw", "movies", "clip.mp4", 40_000, cluster, 2);
    alice.ask("list_files movies", "clip.mp4  39.1 KiB  sharers: 1 (0 online)");
    alice.ask("create_group books", "group books created");
    bob.ask("join_group books", "asked to join books");
    alice.ask("reject_request books bob", "bob's request to join books rejected");
    alice.ask("list_requests books", "no pending requests for books");
    alice.ask("status", "tracker: " + cluster.address(2));

    // Tracker 1 comes back and serves what was written while it was down: a client that knows
    // only tracker 1 can be answered nowhere else.
    cluster.start(1);
    cluster.awaitHealthy(1, 2);
    cluster.awaitHealthy(2, 2);
    LauncherProcess carol = client("carol", cluster.onlyTracker(1));
    carol.ask("login bob pw", "logged in as bob");
    carol.ask("list_groups", "books  owner: alice  members: 1");
    carol.ask("list_groups", "movies  owner: alice  members: 2  (member)");
    carol.ask("logout", "bob logged out");
    carol.ask("logout", "error: not logged in");
    carol.ask("create_user carol pw", "user carol created");
    carol.ask("login carol pw", "logged in as carol");

    // Tracker 2 dies: tracker 1 alone serves everything.
    cluster.tracker(2).kill();
    String left = alice.ask("leave_group books", "left books; nobody else was in it, so it is deleted");
    assertTrue(left.contains("tracker " + cluster.address(2) + " unreachable, using " + cluster.address(1)), left);
    bob.ask("leave_group movies", "left movies");
    bob.ask("list_groups", "movies  owner: alice  members: 1");
    carol.ask("join_group movies", "asked to join movies");
    alice.ask("accept_request movies carol", "carol is now a member of movies");
    alice.ask("logout", "alice logged out");
    alice.ask("list_groups", "error: not logged in");

    // Both trackers stop (quit on stdin, and SIGTERM for the dead one's replacement) and start
    // again: every user, group and membership is still there.
    cluster.tracker(1).send("quit");
    assertEquals(0, cluster.tracker(1).awaitExit());
    cluster.startBoth();
    alice.ask("login alice s3cret", "logged in as alice");
    String groups = alice.ask("list_groups", "movies  owner: alice  members: 2  (yours)");
    assertFalse(groups.contains("books"), groups);
    carol.ask("list_groups", "movies  owner: alice  members: 2  (member)");
    bob.ask("login bob pw", "error: already logged in as bob");
    bob.ask("join_group movies", "asked to join movies");
    alice.ask("list_requests movies", "pending requests for movies:\nbob");

    // End of stdin does not stop a client: it keeps listening for peers until SIGTERM.
    int bobPort = Integer.parseInt(bob.output().replaceAll("(?s).*peers reach it at 127\\.0\\.0\\.1:(\\d+).*", "$1"));
    bob.closeStdin();
    try (Socket peer = new Socket("127.0.0.1", bobPort)) {
      assertTrue(peer.isConnected());
    }
    assertTrue(bob.isAlive());
    bob.terminate();
    bob.awaitExit();
    alice.send("quit");
    assertEquals(0, alice.awaitExit());
    assertFalse(alice.output().contains("Exception"), alice.output());
    assertTrue(Files.exists(dir.resolve("alice").resolve("client.log")));
  }
}
