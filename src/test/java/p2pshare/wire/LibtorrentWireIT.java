package p2pshare.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.metainfo.FileHasher;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.metainfo.Sha1;
import p2pshare.wire.PeerMessage.*;

/**
 * Our metainfo and wire codec against a BitTorrent client nobody here wrote: libtorrent (Debian
 * python3-libtorrent) seeds a .torrent made by {@link InfoDictionary#torrentFile}, and a plain
 * socket speaking through {@link WireEncoder} / {@link WireDecoder} downloads every piece.
 */
class LibtorrentWireIT {

  private static final int PIECE_LENGTH = 16 * 1024;

  @TempDir Path dir;

  @Test
  void libtorrentSeedsOurTorrentAndServesEveryPieceThroughOurCodec() throws Exception {
    byte[] data = new byte[3 * PIECE_LENGTH + 100];
    new Random(1).nextBytes(data);
    Files.write(dir.resolve("data.bin"), data);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    InfoDictionary info = FileHasher.hash(dir.resolve("data.bin"), "data.bin", PIECE_LENGTH, pool);
    pool.shutdown();
    Path torrent = dir.resolve("data.torrent");
    Files.write(torrent, info.torrentFile("http://127.0.0.1:1/announce"));

    Process seeder = startSeeder(torrent);
    try (Socket socket = new Socket("127.0.0.1", readPort(seeder))) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(WireEncoder.encode(Handshake.of(info.infoHash(), peerId())).getBytes());
      ExtendedHandshake ours = new ExtendedHandshake(
          Map.of(), Optional.of("p2pshare-test"), OptionalInt.empty(), Optional.of("token"));
      out.write(WireEncoder.encode(ours.toMessage()).getBytes());
      out.write(WireEncoder.encode(new Interested()).getBytes());

      Session session = new Session(socket.getInputStream());
      Handshake theirs = session.handshake();
      assertArrayEquals(info.infoHash(), theirs.infoHash());
      assertTrue(theirs.supportsExtensions() && theirs.supportsFast());

      byte[][] pieces = new byte[info.pieceCount()][];
      boolean requested = false;
      boolean sawExtendedHandshake = false;
      while (Arrays.stream(pieces).anyMatch(p -> p == null)) {
        PeerMessage message = session.next();
        switch (message) {
          case Extended e when e.extendedId() == ExtendedHandshake.ID -> {
            sawExtendedHandshake = true;
            assertTrue(ExtendedHandshake.decode(e.payload()).client().orElseThrow()
                .startsWith("libtorrent"));
          }
          case Unchoke u -> {
            if (!requested) {
              for (int i = 0; i < info.pieceCount(); i++) {
                out.write(WireEncoder.encode(new Request(i, 0, info.pieceSize(i))).getBytes());
              }
            }
            requested = true;
          }
          case Piece p -> {
            assertEquals(0, p.begin());
            pieces[p.piece()] = p.block().getBytes();
          }
          default -> { }
        }
      }
      assertTrue(sawExtendedHandshake);
      for (int i = 0; i < pieces.length; i++) {
        assertArrayEquals(info.pieceHash(i), Sha1.of(pieces[i]), "piece " + i);
      }
    } finally {
      seeder.destroy();
    }
  }

  /** Reads the socket into a {@link WireDecoder} until it yields what was asked for. */
  private static final class Session {
    private final InputStream in;
    private final WireDecoder decoder = new WireDecoder();
    private final byte[] buffer = new byte[64 * 1024];

    Session(InputStream in) {
      this.in = in;
    }

    Handshake handshake() throws IOException {
      for (Handshake h; ; read()) if ((h = decoder.handshake()) != null) return h;
    }

    PeerMessage next() throws IOException {
      for (PeerMessage m; ; read()) if ((m = decoder.next()) != null) return m;
    }

    private void read() throws IOException {
      int n = in.read(buffer);
      if (n < 0) throw new EOFException("libtorrent closed the connection");
      decoder.feed(Buffer.buffer(Arrays.copyOf(buffer, n)));
    }
  }

  private Process startSeeder(Path torrent) throws IOException {
    Path script = dir.resolve("libtorrent_seed.py");
    try (InputStream in = getClass().getResourceAsStream("libtorrent_seed.py")) {
      Files.copy(in, script);
    }
    return new ProcessBuilder("/usr/bin/python3", script.toString(), torrent.toString(),
        dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static int readPort(Process seeder) throws IOException {
    BufferedReader lines = new BufferedReader(
        new InputStreamReader(seeder.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    for (String line; (line = lines.readLine()) != null; ) {
      if (line.startsWith("PORT ")) return Integer.parseInt(line.substring(5).trim());
      seen.add(line);
    }
    throw new IOException("libtorrent seeder exited before listening: " + seen);
  }

  private static byte[] peerId() {
    return "-PS0001-wireinterop1".getBytes(StandardCharsets.US_ASCII);
  }
}
