package p2pshare.metainfo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;

/**
 * Hashes a file into an {@link InfoDictionary} in one pass over it: the pool reads each chunk and
 * hashes its pieces while the calling thread feeds the chunks, in order, to the whole-file SHA-1.
 * The calling thread is busy for the whole pass, so a pool of one thread fewer than the cores keeps
 * each core on one thread (with as many threads as cores, three threads share two cores and the
 * whole-file digest, the longest chain, runs at two thirds of a core). Only a bounded number of
 * chunks is in memory at once, whatever the file size. Blocking: call it from a worker thread,
 * never from an event loop.
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

  /**
   * One pass over the file. Each chunk has a read task and a piece-hashing task, run in that order
   * by one pool job; the calling thread digests each chunk once it is read and takes over any read
   * or hashing task the pool has not started. The reads so run beside the whole-file digest instead
   * of ahead of it: on two cores the pass costs about one SHA-1 of the file plus half the reads.
   */
  private static final class Pass {
    private final FileChannel channel;
    private final long length;
    private final int pieceLength;
    private final byte[] pieces;
    private final ExecutorService pool;
    private final LongConsumer progress;
    private final int chunkBytes;
    private final int maxInFlight;
    private final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeBuffers = new ArrayDeque<>();

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
        long submitted = 0;
        long digested = 0;
        while (digested < length) {
          while (submitted < length && inFlight.size() < maxInFlight) {
            int n = (int) Math.min(chunkBytes, length - submitted);
            submit(submitted, n);
            submitted += n;
          }
          Chunk oldest = inFlight.removeFirst();
          awaitRead(oldest);
          whole.update(oldest.buffer, 0, oldest.length);
          finish(oldest.pieces);
          freeBuffers.add(oldest.buffer);
          digested += oldest.length;
          progress.accept(digested);
        }
      } finally {
        inFlight.forEach(Chunk::cancel);
      }
      return whole.digest();
    }

    /**
     * Waits for the chunk's read, reading later chunks here meanwhile if no pool thread has taken
     * them yet: the pool's threads also hash every piece, so this thread has the time to spare.
     */
    private void awaitRead(Chunk chunk) throws IOException {
      for (Chunk later : inFlight) {
        if (chunk.read.isDone()) break;
        later.read.run();
      }
      finish(chunk.read);
    }

    /** A chunk's buffer is the calling thread's again once both of its tasks are done. */
    private record Chunk(byte[] buffer, int length, FutureTask<Void> read, FutureTask<Void> pieces) {
      void cancel() {
        read.cancel(false);
        pieces.cancel(false);
      }
    }

    private void submit(long offset, int n) {
      byte[] buffer = freeBuffers.isEmpty() ? new byte[chunkBytes] : freeBuffers.removeFirst();
      FutureTask<Void> read = new FutureTask<>(() -> readFully(buffer, n, offset), null);
      FutureTask<Void> pieces =
          new FutureTask<>(() -> hashPieces(buffer, n, (int) (offset / pieceLength)), null);
      inFlight.addLast(new Chunk(buffer, n, read, pieces));
      pool.execute(
          () -> {
            read.run();
            if (succeeded(read)) pieces.run();
          });
    }

    /** False if the task failed or was cancelled (the pass then ends without its pieces). */
    private static boolean succeeded(FutureTask<Void> task) {
      try {
        task.get();
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException | RuntimeException e) {
        return false;
      }
    }

    private void hashPieces(byte[] chunk, int n, int firstPiece) {
      MessageDigest digest = Sha1.newDigest();
      try {
        for (int start = 0, piece = firstPiece; start < n; start += pieceLength, piece++) {
          digest.update(chunk, start, Math.min(pieceLength, n - start));
          digest.digest(pieces, piece * Sha1.LENGTH, Sha1.LENGTH);
        }
      } catch (DigestException e) {
        throw new IllegalStateException("a SHA-1 digest did not fit its 20 bytes", e);
      }
    }

    /**
     * Runs the task here if the pool has not started it yet (so a busy or tiny pool, even the one
     * this thread belongs to, cannot deadlock the pass), then waits for it.
     */
    private static void finish(FutureTask<Void> task) throws IOException {
      task.run();
      try {
        task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("hashing interrupted");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UncheckedIOException io) throw io.getCause();
        throw new IOException("hashing a piece failed: " + e.getCause(), e.getCause());
      }
    }

    private void readFully(byte[] chunk, int n, long offset) {
      ByteBuffer target = ByteBuffer.wrap(chunk, 0, n);
      try {
        while (target.hasRemaining()) {
          if (channel.read(target, offset + target.position()) < 0) {
            throw new IOException("file shrank while it was hashed; try again");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
