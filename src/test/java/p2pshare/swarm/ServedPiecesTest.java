package p2pshare.swarm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.swarm.TestSwarm.info;
import static p2pshare.swarm.TestSwarm.randomFile;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.storage.PieceStore;
import p2pshare.storage.TorrentFiles;

/**
 * What a downloading torrent serves comes from memory once read: the tests change the file on
 * disk behind the cache's back, so bytes that do not change came from memory.
 */
@Timeout(30)
class ServedPiecesTest {
  private static final int PIECE = 16 * 1024;
  private static final int PIECES = ServedPieces.CACHED + 4;
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private Path file;
  private byte[] original;
  private PieceStore store;
  private ServedPieces served;

  @BeforeEach
  void open() throws IOException {
    file = randomFile(dir, "f.bin", (long) PIECES * PIECE, 7);
    original = Files.readAllBytes(file);
    InfoDictionary info = info(file, PIECE);
    store = PieceStore.openComplete(info, file);
    served = new ServedPieces(new TorrentFiles(context, info, store, file));
  }

  @AfterEach
  void close() {
    store.close();
    vertx.close().await();
  }

  /**
   * Sends each whole piece, all from the context at once, with a write that copies what it is
   * given and ends at once; what each write got, or why the send failed.
   */
  private List<Object> serve(int... pieces) throws Exception {
    List<CompletableFuture<Object>> answers = new ArrayList<>();
    for (int ignored : pieces) {
      answers.add(new CompletableFuture<>());
    }
    context.runOnContext(v -> {
      for (int i = 0; i < pieces.length; i++) {
        CompletableFuture<Object> answer = answers.get(i);
        served.send(pieces[i], 0, PIECE, block -> {
          answer.complete(bytes(block));
          return Future.succeededFuture();
        }).onFailure(answer::complete);
      }
    });
    List<Object> got = new ArrayList<>();
    for (CompletableFuture<Object> answer : answers) {
      got.add(answer.get(10, TimeUnit.SECONDS));
    }
    return got;
  }

  private static byte[] bytes(ByteBuf block) {
    byte[] bytes = new byte[block.readableBytes()];
    block.getBytes(block.readerIndex(), bytes);
    return bytes;
  }

  private byte[] piece(int piece) {
    return Arrays.copyOfRange(original, piece * PIECE, (piece + 1) * PIECE);
  }

  private void overwrite(int piece) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[PIECE]), (long) piece * PIECE);
    }
  }

  @Test
  void everyoneAskingWhileAPieceIsReadGetsItAndLaterAsksAreServedFromMemory() throws Exception {
    List<Object> first = serve(2, 2, 2);
    for (Object got : first) {
      assertArrayEquals(piece(2), (byte[]) got);
    }
    overwrite(2);
    assertArrayEquals(piece(2), (byte[]) serve(2).get(0), "from memory, not the changed disk");
  }

  @Test
  void onlyTheLastPiecesAskedForStayInMemory() throws Exception {
    serve(0);
    for (int p = 1; p <= ServedPieces.CACHED; p++) {
      serve(p);
    }
    overwrite(0);
    overwrite(ServedPieces.CACHED);
    assertArrayEquals(new byte[PIECE], (byte[]) serve(0).get(0), "piece 0 was dropped, read again");
    assertArrayEquals(piece(ServedPieces.CACHED), (byte[]) serve(ServedPieces.CACHED).get(0));
  }

  @Test
  void aBlockOfAPieceIsTheRightSliceOfIt() throws Exception {
    CompletableFuture<byte[]> got = new CompletableFuture<>();
    context.runOnContext(v -> served.send(3, 1000, 2000, block -> {
      got.complete(bytes(block));
      return Future.succeededFuture();
    }));
    assertArrayEquals(Arrays.copyOfRange(original, 3 * PIECE + 1000, 3 * PIECE + 3000),
        got.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aPieceWhoseWriteIsUnderWayKeepsItsBytesWhileManyOthersAreRead() throws Exception {
    Promise<Void> slowWrite = Promise.promise();
    CompletableFuture<ByteBuf> handedOver = new CompletableFuture<>();
    CompletableFuture<Void> sent = new CompletableFuture<>();
    context.runOnContext(v -> served.send(0, 0, PIECE, block -> {
      handedOver.complete(block);
      return slowWrite.future();
    }).onComplete(done -> sent.complete(null)));
    ByteBuf block = handedOver.get(10, TimeUnit.SECONDS);
    for (int p = 1; p < PIECES; p++) {
      serve(p);
    }
    assertArrayEquals(piece(0), bytes(block), "its buffer was not given to another piece");
    assertFalse(sent.isDone());
    context.runOnContext(v -> slowWrite.complete());
    sent.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFailedReadFailsEveryoneWaitingAndTheNextAskReadsAgain() throws Exception {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate((long) (PIECES - 1) * PIECE + 10);
    }
    List<Object> failed = serve(PIECES - 1, PIECES - 1);
    for (Object got : failed) {
      assertTrue(got instanceof IOException, String.valueOf(got));
    }
    Files.write(file, original);
    assertArrayEquals(piece(PIECES - 1), (byte[]) serve(PIECES - 1).get(0));
  }

  @Test
  void onceClosedItServesNothing() throws Exception {
    serve(1);
    context.runOnContext(v -> served.close());
    Object got = serve(1).get(0);
    assertTrue(got instanceof Throwable, String.valueOf(got));
    assertEquals("the download is no longer served from memory", ((Throwable) got).getMessage());
  }
}
