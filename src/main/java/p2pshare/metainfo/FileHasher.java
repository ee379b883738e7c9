package p2pshare.metainfo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;

/**
 * Hashes a file into an {@link InfoDictionary} in one sequential read pass: the reading thread
 * feeds the whole-file SHA-1 while the piece SHA-1s of each chunk run in parallel on a pool. Only a
 * bounded number of chunks is in memory at once, whatever the file size. Blocking: call it from a
 * worker thread, never from an event loop.
 */
public final class FileHasher {

  /** 4 MiB reads: large enough that syscalls cost nothing next to SHA-1, several pieces a task. */
  private static final int CHUNK_BYTES = 4 * 1024 * 1024;

  /** Memory cap for chunks in flight, so hashing a huge file cannot crowd out the client. */
  private static final long MAX_BUFFERED_BYTES = 64L * 1024 * 1024;

  private FileHasher() {}

  public static InfoDictionary hash(Path file, String name, int pieceLength, ExecutorService pool)
      throws IOException {
    return hash(file, name, pieceLength, pool, bytesDone -> {});
  }

  /**
   * @param progress told the number of bytes read so far, on the calling thread, after each chunk
   */
  public static InfoDictionary hash(
      Path file, String name, int pieceLength, ExecutorService pool, LongConsumer progress)
      throws IOException {
    FileName.check(name);
    InfoDictionary.checkPieceLength(pieceLength);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = channel.size();
      long pieceCount = length / pieceLength + (length % pieceLength == 0 ? 0 : 1);
      if (pieceCount * Sha1.LENGTH > Integer.MAX_VALUE - 16) {
        throw new IOException(file + " is too large for piece length " + pieceLength);
      }
      byte[] pieces = new byte[(int) pieceCount * Sha1.LENGTH];
      byte[] fileSha1 = new Pass(channel, length, pieceLength, pieces, pool, progress).run();
      if (channel.size() != length) {
        throw new IOException(file + " changed size while it was hashed; try again");
      }
      return InfoDictionary.of(name, length, pieceLength, pieces, fileSha1);
    }
  }

  /** One read pass; the reading thread owns every field except the pieces array regions. */
  private static final class Pass {
    private final FileChannel channel;
    private final long length;
    private final int pieceLength;
    private final byte[] pieces;
    private final ExecutorService pool;
    private final LongConsumer progress;
    private final int chunkBytes;
    private final int maxInFlight;
    private final ArrayDeque<FutureTask<Void>> inFlight = new ArrayDeque<>();
    private final Queue<byte[]> freeChunks = new ConcurrentLinkedQueue<>();

    Pass(FileChannel channel, long length, int pieceLength, byte[] pieces, ExecutorService pool,
        LongConsumer progress) {
      this.channel = channel;
      this.length = length;
      this.pieceLength = pieceLength;
      this.pieces = pieces;
      this.pool = pool;
      this.progress = progress;
      int piecesPerChunk = Math.max(1, CHUNK_BYTES / pieceLength);
      this.chunkBytes = (int) Math.min((long) piecesPerChunk * pieceLength, Math.max(length, 1));
      int cores = Runtime.getRuntime().availableProcessors();
      this.maxInFlight = (int) Math.clamp(MAX_BUFFERED_BYTES / chunkBytes, 2, 2L * cores);
    }

    byte[] run() throws IOException {
      MessageDigest whole = Sha1.newDigest();
      try {
        for (long offset = 0; offset < length; ) {
          byte[] chunk = acquireChunk();
          int n = (int) Math.min(chunkBytes, length - offset);
          readFully(chunk, n, offset);
          whole.update(chunk, 0, n);
          submit(chunk, n, (int) (offset / pieceLength));
          offset += n;
          progress.accept(offset);
        }
        while (!inFlight.isEmpty()) finishOldest();
      } finally {
        inFlight.forEach(task -> task.cancel(false));
      }
      return whole.digest();
    }

    /** Reuses a chunk, allocating up to the cap; at the cap, waits for the oldest task. */
    private byte[] acquireChunk() throws IOException {
      if (inFlight.size() >= maxInFlight) finishOldest();
      byte[] chunk = freeChunks.poll();
      if (chunk != null) return chunk;
      return new byte[chunkBytes];
    }

    private void submit(byte[] chunk, int n, int firstPiece) {
      FutureTask<Void> task =
          new FutureTask<>(
              () -> {
                try {
                  hashPieces(chunk, n, firstPiece);
                } finally {
                  freeChunks.add(chunk);
                }
                return null;
              });
      inFlight.addLast(task);
      pool.execute(task);
    }

    private void hashPieces(byte[] chunk, int n, int firstPiece) throws DigestException {
      MessageDigest digest = Sha1.newDigest();
      for (int start = 0, piece = firstPiece; start < n; start += pieceLength, piece++) {
        digest.update(chunk, start, Math.min(pieceLength, n - start));
        digest.digest(pieces, piece * Sha1.LENGTH, Sha1.LENGTH);
      }
    }

    /**
     * Runs the oldest task here if the pool has not started it yet (so a busy or tiny pool, even
     * the one this thread belongs to, cannot deadlock the pass), then waits for it.
     */
    private void finishOldest() throws IOException {
      FutureTask<Void> oldest = inFlight.removeFirst();
      oldest.run();
      try {
        oldest.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("hashing interrupted");
      } catch (ExecutionException e) {
        throw new IOException("hashing a piece failed: " + e.getCause(), e.getCause());
      }
    }

    private void readFully(byte[] chunk, int n, long offset) throws IOException {
      ByteBuffer target = ByteBuffer.wrap(chunk, 0, n);
      while (target.hasRemaining()) {
        if (channel.read(target, offset + target.position()) < 0) {
          throw new IOException("file shrank while it was hashed; try again");
        }
      }
    }
  }
}
