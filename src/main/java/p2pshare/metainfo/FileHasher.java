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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;
import p2pshare.common.DirectBuffers;

/**
 * Hashes a file into an {@link InfoDictionary} in two passes over it that run side by side and
 * never wait for each other: the calling thread reads the file in order into the whole-file SHA-1,
 * while the pool reads it again, a span of pieces a job, and hashes each piece. Each reader has its
 * own page-aligned direct buffer, so a read is one copy out of the page cache (at full speed: see
 * {@link DirectBuffers}), and the digest takes the bytes from there in cache-sized pieces. The
 * calling thread is busy for the whole pass, so a pool of one thread fewer than the cores keeps
 * each core on one thread. Only a few buffers are in memory at once, whatever the file size.
 * Blocking: call it from a worker thread, never from an event loop.
 *
 * <p>The previous design shared 4 MiB heap chunks between the passes: the whole-file digest waited
 * for each chunk's read, and a read into the heap copies twice (through a temporary direct buffer).
 * On 1 GiB in the page cache, 2 cores, client JVM flags, both in one JVM alternating, 20 runs each:
 * 0.685 s median (0.668-0.727) against 0.697 s (0.669-0.736), with 2 MiB of buffers instead of
 * 16 MiB of chunks plus two 4 MiB temporary ones. Hashing straight from a mapped file was faster
 * still (0.670 against 0.725 in another such run), but until Java 22 a mapping cannot be unmapped
 * when we are done, and a hashed file would stay mapped, and counted in the client's RSS, until
 * a GC. On an AMD host, 16 MiB mappings released at once were slower than reading into direct
 * buffers (medians 0.86-0.91 s against 0.82-0.88 s, alternating in one JVM; docs/PERFORMANCE.md).
 */
public final class FileHasher {

  /** 1 MiB reads: syscalls cost nothing next to SHA-1, and the buffer stays in the core's L2. */
  private static final int READ_BYTES = 1024 * 1024;

  /** Pieces a pool job hashes: about this many bytes (at least one piece). */
  private static final long SPAN_BYTES = 16L * 1024 * 1024;

  private FileHasher() {}

  public static InfoDictionary hash(Path file, String name, int pieceLength, ExecutorService pool)
      throws IOException {
    return hash(file, name, pieceLength, pool, bytesDone -> {});
  }

  /**
   * @param progress told the number of bytes of the whole-file pass so far, on the calling thread,
   *     after each read; it may throw to abandon the hash
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
      Pass pass = new Pass(channel, length, pieceLength, pieces);
      List<FutureTask<Void>> spans = pass.submitSpans(pool);
      try {
        byte[] fileSha1 = pass.digestWhole(progress);
        for (FutureTask<Void> span : spans) finish(span);
        if (channel.size() != length) {
          throw new IOException(file + " changed size while it was hashed; try again");
        }
        return InfoDictionary.of(name, length, pieceLength, pieces, fileSha1);
      } finally {
        pass.stop(spans);
      }
    }
  }

  /**
   * Runs the task here if the pool has not started it yet (so a busy or tiny pool, even the one the
   * calling thread belongs to, cannot deadlock the pass), then waits for it.
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

  /** One hash of one file: the whole-file pass and the piece spans, over one channel. */
  private static final class Pass {
    private final FileChannel channel;
    private final long length;
    private final int pieceLength;
    private final byte[] pieces;
    private final int bufferBytes;
    /** The spans' buffers, reused from one job to the next: at most one per thread hashing. */
    private final ConcurrentLinkedQueue<ByteBuffer> spare = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;

    Pass(FileChannel channel, long length, int pieceLength, byte[] pieces) {
      this.channel = channel;
      this.length = length;
      this.pieceLength = pieceLength;
      this.pieces = pieces;
      this.bufferBytes = (int) Math.clamp(length, 1, READ_BYTES);
    }

    List<FutureTask<Void>> submitSpans(ExecutorService pool) {
      long piecesPerSpan = Math.max(1, SPAN_BYTES / pieceLength);
      List<FutureTask<Void>> spans = new ArrayList<>();
      for (long first = 0; first * pieceLength < length; first += piecesPerSpan) {
        long from = first;
        FutureTask<Void> span = new FutureTask<>(() -> hashSpan(from, from + piecesPerSpan), null);
        spans.add(span);
        pool.execute(span);
      }
      return spans;
    }

    byte[] digestWhole(LongConsumer progress) throws IOException {
      MessageDigest whole = Sha1.newDigest();
      ByteBuffer buffer = DirectBuffers.pageAligned(bufferBytes);
      for (long position = 0; position < length; ) {
        read(buffer, position, (int) Math.min(bufferBytes, length - position));
        whole.update(buffer);
        position += buffer.limit();
        progress.accept(position);
      }
      return whole.digest();
    }

    /** Hashes pieces [first, end) into {@link #pieces}; stops early once the pass has stopped. */
    private void hashSpan(long first, long end) {
      ByteBuffer buffer = spare.poll();
      if (buffer == null) buffer = DirectBuffers.pageAligned(bufferBytes);
      try {
        MessageDigest digest = Sha1.newDigest();
        long position = first * pieceLength;
        long stop = Math.min(length, end * pieceLength);
        int piece = (int) first;
        long pieceEnd = Math.min(length, position + pieceLength);
        while (position < stop && !stopped) {
          read(buffer, position, (int) Math.min(bufferBytes, stop - position));
          while (buffer.hasRemaining()) {
            int limit = buffer.limit();
            buffer.limit(buffer.position() + (int) Math.min(buffer.remaining(), pieceEnd - position));
            position += buffer.remaining();
            digest.update(buffer);
            buffer.limit(limit);
            if (position == pieceEnd) {
              digest.digest(pieces, piece++ * Sha1.LENGTH, Sha1.LENGTH);
              pieceEnd = Math.min(length, position + pieceLength);
            }
          }
        }
      } catch (DigestException e) {
        throw new IllegalStateException("a SHA-1 digest did not fit its 20 bytes", e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        spare.add(buffer);
      }
    }

    /** Fills the buffer with n bytes from position, ready to be read from. */
    private void read(ByteBuffer buffer, long position, int n) throws IOException {
      buffer.clear().limit(n);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, position + buffer.position()) < 0) {
          throw new IOException("file shrank while it was hashed; try again");
        }
      }
      buffer.flip();
    }

    /** Spans not started yet never start; running ones end at their next read. */
    void stop(List<FutureTask<Void>> spans) {
      stopped = true;
      spans.forEach(span -> span.cancel(false));
    }
  }
}
