package p2pshare.swarm;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A libtorrent (Debian python3-libtorrent) peer in its own process, driven by the interop script
 * p2pshare/wire/libtorrent_seed.py: a seeder of a complete file, or a leecher fed by the peers it
 * is given; commands go to its stdin. Its stdout lines are collected on a thread of their own so
 * every wait is bounded.
 */
final class LibtorrentPeer implements AutoCloseable {
  /** Debian's interpreter: the python3 first on PATH (pyenv) has no libtorrent module. */
  private static final String PYTHON = "/usr/bin/python3";
  private static final String SCRIPT = "/p2pshare/wire/libtorrent_seed.py";

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private LibtorrentPeer(Process process) {
    this.process = process;
    Thread reader = new Thread(this::collectOutput, "libtorrent-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Seeds the file named by the torrent, found in {@code dataDir}. */
  static LibtorrentPeer seeder(Path workDir, Path torrent, Path dataDir) throws IOException {
    return start(workDir, List.of(torrent.toString(), dataDir.toString()));
  }

  /** A seeder that uploads at most {@code bytesPerSecond}, loopback peers included. */
  static LibtorrentPeer slowSeeder(Path workDir, Path torrent, Path dataDir, int bytesPerSecond)
      throws IOException {
    return start(workDir, List.of("--upload-limit", String.valueOf(bytesPerSecond),
        torrent.toString(), dataDir.toString()));
  }

  /** Downloads into the empty {@code saveDir} from the given peers only. */
  static LibtorrentPeer leecher(Path workDir, Path torrent, Path saveDir, List<PeerAddress> peers)
      throws IOException {
    return dialing(workDir, torrent, saveDir, peers);
  }

  /** Seeds the file in {@code dataDir} by connecting to the given peers itself. */
  static LibtorrentPeer seederDialing(Path workDir, Path torrent, Path dataDir,
      List<PeerAddress> peers) throws IOException {
    return dialing(workDir, torrent, dataDir, peers);
  }

  private static LibtorrentPeer dialing(Path workDir, Path torrent, Path dataDir,
      List<PeerAddress> peers) throws IOException {
    List<String> args = new ArrayList<>(List.of(torrent.toString(), dataDir.toString()));
    peers.forEach(p -> args.add(p.toString()));
    return start(workDir, args);
  }

  private static LibtorrentPeer start(Path workDir, List<String> args) throws IOException {
    Path script = workDir.resolve("libtorrent_seed.py");
    if (!Files.exists(script)) {
      try (InputStream in = LibtorrentPeer.class.getResourceAsStream(SCRIPT)) {
        Files.copy(in, script);
      }
    }
    List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
    command.addAll(args);
    return new LibtorrentPeer(new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /** The loopback address libtorrent listens on, once it is ready. */
  PeerAddress address() {
    String line = awaitLine("PORT ", Duration.ofSeconds(30));
    return new PeerAddress("127.0.0.1", Integer.parseInt(line.substring(5).trim()));
  }

  /** Waits until libtorrent has every piece, each checked against its hash. */
  void awaitSeeding(Duration atMost) {
    awaitLine("SEEDING", atMost);
  }

  /** Chokes every peer within about a second (its choker runs every second). */
  void chokeEveryPeer() throws IOException {
    command("choke");
  }

  /** Unchokes every peer again within about a second. */
  void unchokeEveryPeer() throws IOException {
    command("unchoke");
  }

  private void command(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
    in.flush();
  }

  /** Waits until a peer with this id, after its handshake, went away; returns the pieces we had. */
  int awaitDisconnectionFrom(String peerId, Duration atMost) {
    String line = awaitLine("DISCONNECTED " + peerId + " HAVING ", atMost);
    return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
  }

  private String awaitLine(String prefix, Duration atMost) {
    try {
      await("libtorrent to print " + prefix.trim())
          .atMost(atMost)
          .failFast("libtorrent exited", () -> !process.isAlive() && !has(prefix))
          .until(() -> has(prefix));
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new AssertionError(e.getMessage() + "; libtorrent printed " + lines + ", exit code "
          + exitCode(), e);
    }
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  private boolean has(String prefix) {
    return lines.stream().anyMatch(l -> l.startsWith(prefix));
  }

  private String exitCode() {
    return process.isAlive() ? "nothing yet" : String.valueOf(process.exitValue());
  }

  private void collectOutput() {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("(stdout unreadable: " + e.getMessage() + ")");
    }
  }

  /** Kills the process and waits for it, so no libtorrent outlives its test. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("libtorrent process " + process.pid() + " did not die");
    }
  }
}
