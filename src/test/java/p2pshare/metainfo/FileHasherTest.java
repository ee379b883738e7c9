package p2pshare.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileHasherTest {

  private static final int KIB16 = 16 * 1024;

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, KIB16, KIB16 + 1, 5 * KIB16 + 123})
  void hashesMatchMessageDigestOverTheWholeFileAndEachPiece(int size) throws IOException {
    Path file = randomFile(size, size);
    List<Long> progress = new ArrayList<>();
    InfoDictionary info = FileHasher.hash(file, "data.bin", KIB16, pool, progress::add);
    assertMatches(file, info, KIB16);
    if (size > 0) assertEquals(size, progress.getLast());
  }

  @Test
  void fileSpanningSeveralPoolJobsAndManyReadsHashesCorrectly() throws IOException {
    // 37 MiB + 7 bytes in 16 KiB pieces: three 16 MiB jobs on two threads, 1 MiB reads, a short
    // last piece
    Path file = randomFile(37 * 1024 * 1024 + 7, 42);
    InfoDictionary info = FileHasher.hash(file, "big.bin", KIB16, pool);
    assertMatches(file, info, KIB16);
    assertEquals(37 * 64 + 1, info.pieceCount());
  }

  @Test
  void piecesLargerThanAReadChunkHashCorrectly() throws IOException {
    Path file = randomFile(2 * 8 * 1024 * 1024 + 3, 7);
    InfoDictionary info = FileHasher.hash(file, "big.bin", 8 * 1024 * 1024, pool);
    assertMatches(file, info, 8 * 1024 * 1024);
  }

  @Test
  void runningOnTheOnlyThreadOfItsOwnPoolDoesNotDeadlock() throws Exception {
    Path file = randomFile(9 * 1024 * 1024, 3);
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      Future<InfoDictionary> result =
          single.submit(() -> FileHasher.hash(file, "x", KIB16, single));
      assertMatches(file, result.get(), KIB16);
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void aFileCutShortWhileItIsHashedIsAnIOExceptionThatSaysToTryAgain() throws IOException {
    // 40 MiB: forty 1 MiB reads, so once the first is digested most reads are still to come
    Path file = randomFile(40 * 1024 * 1024, 5);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                FileHasher.hash(
                    file,
                    "x",
                    KIB16,
                    pool,
                    bytesDone -> {
                      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(1024 * 1024);
                      } catch (IOException cut) {
                        throw new UncheckedIOException(cut);
                      }
                    }));
    assertEquals("file shrank while it was hashed; try again", e.getMessage());
  }

  @Test
  void badNameOrPieceLengthFailsBeforeReading() throws IOException {
    Path file = randomFile(10, 1);
    assertThrows(MetainfoException.class, () -> FileHasher.hash(file, "../x", KIB16, pool));
    assertThrows(MetainfoException.class, () -> FileHasher.hash(file, "x", 1000, pool));
  }

  @Test
  void missingFileIsAnIOException() {
    assertThrows(IOException.class, () -> FileHasher.hash(dir.resolve("nope"), "x", KIB16, pool));
  }

  private Path randomFile(int size, long seed) throws IOException {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Path file = dir.resolve("f" + size + "-" + seed);
    Files.write(file, data);
    return file;
  }

  private static void assertMatches(Path file, InfoDictionary info, int pieceLength)
      throws IOException {
    byte[] data = Files.readAllBytes(file);
    assertEquals(data.length, info.length());
    assertEquals(pieceLength, info.pieceLength());
    assertArrayEquals(sha1(data, 0, data.length), info.fileSha1());
    int count = (data.length + pieceLength - 1) / pieceLength;
    assertEquals(count, info.pieceCount());
    for (int i = 0; i < count; i++) {
      int start = i * pieceLength;
      int end = Math.min(data.length, start + pieceLength);
      assertArrayEquals(sha1(data, start, end), info.pieceHash(i), "piece " + i);
    }
  }

  private static byte[] sha1(byte[] data, int start, int end) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      digest.update(data, start, end - start);
      return digest.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
