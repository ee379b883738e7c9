package p2pshare.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.metainfo.Sha1;

class PieceStoreTest {
  private static final int PIECE = 16 * 1024;
  @TempDir Path dir;

  private static byte[] content(int length) {
    byte[] data = new byte[length];
    new Random(length).nextBytes(data);
    return data;
  }

  private static InfoDictionary info(String name, byte[] data) {
    return info(name, data, PIECE);
  }

  private static InfoDictionary info(String name, byte[] data, int pieceLength) {
    int count = (data.length + pieceLength - 1) / pieceLength;
    byte[] pieces = new byte[count * 20];
    for (int i = 0; i < count; i++) {
      byte[] piece = Arrays.copyOfRange(data, i * pieceLength, Math.min(data.length, (i + 1) * pieceLength));
      System.arraycopy(Sha1.of(piece), 0, pieces, i * 20, 20);
    }
    return InfoDictionary.of(name, data.length, pieceLength, pieces, Sha1.of(data));
  }

  /** A download that wrote these pieces and stopped (its part file stays, as after a restart). */
  private static void writeAndClose(byte[] data, InfoDictionary info, Path target, int... pieces)
      throws IOException {
    try (PieceStore store = PieceStore.openPartial(info, target)) {
      for (int p : pieces) {
        assertTrue(store.writeIfValid(p, piece(store, data, info, p)));
      }
    }
  }

  /** The piece as the engine hands it over: assembled in one of the store's buffers. */
  private static ByteBuffer piece(PieceStore store, byte[] data, InfoDictionary info, int piece) {
    int offset = (int) info.pieceOffset(piece);
    return store.pieceBuffer().put(data, offset, info.pieceSize(piece)).flip();
  }

  @Test
  void onlyVerifiedPiecesReachTheDiskAndTheFinalNameAppearsLast() throws IOException {
    byte[] data = content(3 * PIECE + 10);
    InfoDictionary info = info("a.bin", data);
    Path target = dir.resolve("a.bin");
    try (PieceStore store = PieceStore.openPartial(info, target)) {
      byte[] bad = data.clone();
      bad[PIECE] ^= 1;
      assertFalse(store.writeIfValid(1, piece(store, bad, info, 1)));
      assertFalse(store.verify(1), "the bad copy was not written");
      for (int p = 0; p < info.pieceCount(); p++) {
        assertTrue(store.writeIfValid(p, piece(store, data, info, p)));
      }
      assertFalse(Files.exists(target));
      assertEquals(target, store.finish(target));
    }
    assertArrayEquals(data, Files.readAllBytes(target));
    assertFalse(Files.exists(PieceStore.partPath(target)));
  }

  /**
   * With direct I/O the full pieces go past the page cache in one call each and the short last one
   * through it; without, every piece is written in several calls (see PieceStore.WRITE_STEP).
   * Either way every byte lands in place.
   */
  @ParameterizedTest(name = "direct I/O {0}")
  @ValueSource(booleans = {true, false})
  void fullSizePiecesAndAShortOddLastOneLandByteExact(boolean directIo) throws IOException {
    int pieceLength = InfoDictionary.DEFAULT_PIECE_LENGTH;
    byte[] data = content(3 * pieceLength + 12_345);
    InfoDictionary info = info("big.bin", data, pieceLength);
    Path target = dir.resolve("big.bin");
    try (PieceStore store = PieceStore.openPartial(info, target, directIo)) {
      for (int p : new int[] {3, 1, 0, 2}) {
        assertTrue(store.writeIfValid(p, piece(store, data, info, p)));
      }
      assertEquals(directIo ? 3L * pieceLength : 0, store.bytesWrittenDirect());
      assertEquals(target, store.finish(target));
    }
    assertArrayEquals(data, Files.readAllBytes(target));
  }

  /** Many pieces arrive too far ahead to wait in memory: the hash reads them back from disk. */
  @ParameterizedTest(name = "direct I/O {0}")
  @ValueSource(booleans = {true, false})
  void wholeFileHashIsRightWhateverOrderAndThreadsThePiecesArriveIn(boolean directIo)
      throws Exception {
    byte[] data = content(4 * PieceStore.AHEAD_IN_MEMORY * PIECE + 123);
    InfoDictionary info = info("shuffled.bin", data);
    Path target = dir.resolve("shuffled.bin");
    List<Integer> order = new ArrayList<>(IntStream.range(0, info.pieceCount()).boxed().toList());
    Collections.shuffle(order, new Random(5));
    try (PieceStore store = PieceStore.openPartial(info, target, directIo);
        ExecutorService workers = Executors.newFixedThreadPool(4)) {
      List<Future<Boolean>> writes = new ArrayList<>();
      for (int p : order) {
        writes.add(workers.submit(() -> store.writeIfValid(p, piece(store, data, info, p))));
      }
      for (Future<Boolean> w : writes) {
        assertTrue(w.get());
      }
      assertTrue(store.piecesReadBack() > 0, "some pieces lay too far ahead to be kept");
      assertEquals(target, store.finish(target));
    }
    assertArrayEquals(data, Files.readAllBytes(target));
  }

  /**
   * What the whole-file hash keeps in memory is chosen by distance from its prefix, not by count:
   * a piece far ahead, written first, does not take the place of the ones the prefix needs next.
   */
  @Test
  void piecesWithinTheWindowAheadOfTheHashedPrefixAreHashedFromMemoryAndOnlyFartherOnesReadBack()
      throws IOException {
    int window = PieceStore.AHEAD_IN_MEMORY;
    byte[] data = content((window + 10) * PIECE);
    InfoDictionary info = info("window.bin", data);
    Path target = dir.resolve("window.bin");
    List<Integer> far = List.of(window + 3, window + 5);
    List<Integer> order = new ArrayList<>(far);
    IntStream.range(1, window).forEach(order::add);
    order.add(0);
    IntStream.range(window, info.pieceCount()).filter(p -> !far.contains(p)).forEach(order::add);
    try (PieceStore store = PieceStore.openPartial(info, target)) {
      for (int p : order) {
        assertTrue(store.writeIfValid(p, piece(store, data, info, p)));
      }
      assertEquals(far.size(), store.piecesReadBack(), "only " + far + " lay past the window");
      assertEquals(target, store.finish(target));
    }
    assertArrayEquals(data, Files.readAllBytes(target));
  }

  /**
   * Downloads share one look-ahead budget: while one holds all of it, another's pieces ahead of
   * its prefix go to disk and are read back, and each gives its share back as its prefix passes
   * those pieces, or when it is closed before finishing.
   */
  @Test
  void downloadsShareOneLookAheadBudgetAndGiveItBackAsTheirPrefixMovesOrWhenClosed()
      throws IOException {
    LookAhead budget = new LookAhead(4L * PIECE);
    byte[] first = content(8 * PIECE);
    byte[] second = content(8 * PIECE + 1);
    byte[] third = content(8 * PIECE + 2);
    InfoDictionary a = info("a.bin", first);
    InfoDictionary b = info("b.bin", second);
    InfoDictionary c = info("c.bin", third);
    try (PieceStore storeA = PieceStore.openPartial(a, dir.resolve("a.bin"), true, budget);
        PieceStore storeB = PieceStore.openPartial(b, dir.resolve("b.bin"), true, budget)) {
      for (int p : new int[] {1, 2, 3, 4}) {
        assertTrue(storeA.writeIfValid(p, piece(storeA, first, a, p)));
      }
      assertEquals(4L * PIECE, budget.taken(), "a holds four pieces ahead");
      for (int p : new int[] {1, 2, 3, 0}) {
        assertTrue(storeB.writeIfValid(p, piece(storeB, second, b, p)));
      }
      assertEquals(3, storeB.piecesReadBack(), "b found no room and read its pieces back");
      assertTrue(storeA.writeIfValid(0, piece(storeA, first, a, 0)));
      assertEquals(0, storeA.piecesReadBack());
      assertEquals(0, budget.taken(), "a's prefix passed the pieces it held");
    }
    PieceStore storeC = PieceStore.openPartial(c, dir.resolve("c.bin"), true, budget);
    assertTrue(storeC.writeIfValid(5, piece(storeC, third, c, 5)));
    assertEquals(PIECE, budget.taken());
    storeC.close();
    assertEquals(0, budget.taken(), "a download closed before it finished gave its share back");
  }

  @Test
  void aResumedDownloadHashesThePiecesItDidNotWriteFromDisk() throws IOException {
    byte[] data = content(6 * PIECE);
    InfoDictionary info = info("resumed.bin", data);
    Path target = dir.resolve("resumed.bin");
    writeAndClose(data, info, target, 0, 2, 3);
    try (PieceStore after = PieceStore.openPartial(info, target)) {
      for (int p : new int[] {1, 4, 5}) {
        assertTrue(after.writeIfValid(p, piece(after, data, info, p)));
      }
      assertEquals(target, after.finish(target));
    }
    assertArrayEquals(data, Files.readAllBytes(target));
  }

  @Test
  void bytesChangedOnDiskBeforeAResumedDownloadFinishesFailTheWholeFileCheck() throws IOException {
    byte[] data = content(4 * PIECE);
    InfoDictionary info = info("tampered.bin", data);
    Path target = dir.resolve("tampered.bin");
    writeAndClose(data, info, target, 0, 1, 2);
    try (FileChannel part = FileChannel.open(PieceStore.partPath(target), StandardOpenOption.WRITE)) {
      part.write(ByteBuffer.wrap(new byte[] {(byte) ~data[PIECE]}), PIECE);
    }
    try (PieceStore after = PieceStore.openPartial(info, target)) {
      assertTrue(after.writeIfValid(3, piece(after, data, info, 3)));
      IOException e = assertThrows(IOException.class, () -> after.finish(target));
      assertTrue(e.getMessage().contains("whole-file SHA1"), e.getMessage());
    }
    assertFalse(Files.exists(target), "nothing appears under the final name");
  }

  @Test
  void anExistingFileIsNeverOverwritten() throws IOException {
    byte[] data = content(PIECE);
    InfoDictionary info = info("b.bin", data);
    Path target = dir.resolve("b.bin");
    Files.writeString(target, "precious");
    assertThrows(FileAlreadyExistsException.class, () -> PieceStore.openPartial(info, target));
    Path other = dir.resolve("c.bin");
    try (PieceStore store = PieceStore.openPartial(info, other)) {
      assertTrue(store.writeIfValid(0, piece(store, data, info, 0)));
      Files.writeString(other, "appeared meanwhile");
      assertThrows(FileAlreadyExistsException.class, () -> store.finish(other));
    }
    assertEquals("appeared meanwhile", Files.readString(other));
    assertEquals("precious", Files.readString(target));
  }

  @Test
  void aSharedFileOfTheWrongSizeIsRefused() throws IOException {
    byte[] data = content(PIECE + 1);
    InfoDictionary info = info("d.bin", data);
    Path file = dir.resolve("d.bin");
    Files.write(file, Arrays.copyOf(data, PIECE));
    IOException e = assertThrows(IOException.class, () -> PieceStore.openComplete(info, file));
    assertTrue(e.getMessage().contains("changed after it was shared"), e.getMessage());
  }

  @Test
  void resumeFileRoundTripsAndIgnoresAnotherTorrentsRecord() throws IOException {
    Path target = dir.resolve("e.bin");
    PieceSet verified = new PieceSet(20);
    verified.add(3);
    verified.add(19);
    ResumeFile.write(target, "aa".repeat(20), verified);
    assertEquals(Optional.of(verified), ResumeFile.read(target, "aa".repeat(20), 20));
    assertEquals(Optional.empty(), ResumeFile.read(target, "bb".repeat(20), 20));
    assertEquals(Optional.empty(), ResumeFile.read(target, "aa".repeat(20), 25));
    Files.write(ResumeFile.pathFor(target), new byte[] {1, 2, 3});
    assertEquals(Optional.empty(), ResumeFile.read(target, "aa".repeat(20), 20), "torn record");
    ResumeFile.delete(target);
    assertEquals(Optional.empty(), ResumeFile.read(target, "aa".repeat(20), 20));
  }
}
