package p2pshare.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import p2pshare.metainfo.FileHasher;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.wire.Handshake;
import p2pshare.wire.WireEncoder;

/** Files, hashes and peer-wire probes for the process tests of real clients ({@link SwarmProcessIT}). */
final class SwarmFixtures {
  private SwarmFixtures() {}

  static final int PIECE = InfoDictionary.DEFAULT_PIECE_LENGTH;
  /** 16 KiB: the block size every BitTorrent client accepts. */
  static final int BLOCK = 16 * 1024;

  static Path randomFile(Path file, int length, long seed) throws IOException {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  static InfoDictionary infoOf(Path file) throws IOException {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      return FileHasher.hash(file, file.getFileName().toString(), PIECE, pool);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The port a client's start-up line says peers reach it on. */
  static int peerPort(LauncherProcess client) {
    return Integer.parseInt(client.output().replaceAll("(?s).*peers reach it at 127\\.0\\.0\\.1:(\\d+).*", "$1"));
  }

  static String shortHash(InfoDictionary info) {
    return info.infoHashHex().substring(0, 8);
  }

  static void assertSameBytes(Path expected, Path actual) throws IOException {
    assertEquals(-1, Files.mismatch(expected, actual), actual + " differs from " + expected);
  }

  /** Fails (never skips) where user and mount namespaces are unavailable: CI runs where they work. */
  static void assertNamespacesWork(String mounts) throws Exception {
    Process probe = new ProcessBuilder("unshare", "-rm", "sh", "-c", mounts).redirectErrorStream(true).start();
    String said = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, probe.waitFor(), "this test needs unshare -rm (util-linux, user namespaces) and tmpfs mounts: " + said);
  }

  /**
   * Whether a BitTorrent peer at {@code port} takes up {@code info}: it answers our handshake with
   * its own for the same info-hash, or closes the connection when it does not serve the file.
   */
  static boolean servesHandshake(int port, InfoDictionary info) throws IOException {
    byte[] peerId = "-TT0001-probe0000000".getBytes(StandardCharsets.ISO_8859_1);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(WireEncoder.encode(Handshake.of(info.infoHash(), peerId)).getBytes());
      byte[] answer = new byte[68];
      try {
        new DataInputStream(socket.getInputStream()).readFully(answer);
      } catch (EOFException | java.net.SocketException closed) {
        return false;
      }
      assertArrayEquals(info.infoHash(), Arrays.copyOfRange(answer, 28, 48));
      return true;
    }
  }
}
