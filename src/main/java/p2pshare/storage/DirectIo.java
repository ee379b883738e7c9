package p2pshare.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import p2pshare.common.DirectBuffers;

/**
 * A download's partial file opened a second time for direct I/O ({@code O_DIRECT}): a verified
 * piece goes from its buffer to the device without being copied into the page cache, and a piece
 * read back for the whole-file hash comes the same way. The copy is not what costs: every page of
 * the page cache a write fills has to be found first, and on the VM docs/PERFORMANCE.md measures
 * on, a page the guest handed back to its host faults in again on that first touch. Receiving
 * 1 GiB over loopback and writing it took 3.7-3.9 s of kernel time there through the page cache,
 * 0.65-0.97 s past it. While the download runs, the pieces it serves are read back this way too
 * (swarm.ServedPieces); once complete, the file is served with {@code sendfile} through the page
 * cache, which the kernel keeps coherent with these writes.
 *
 * <p>Direct I/O needs the buffer's address, the file position and the length to be multiples of
 * the file system's block size. {@link #fits} says whether a transfer is; the others (a short last
 * piece) go through the page cache as before. {@link #open} gives null where the file system or
 * the platform has no direct I/O (tmpfs before Linux 6.6, macOS), and the store then uses the page
 * cache for everything.
 */
final class DirectIo implements AutoCloseable {
  private final FileChannel channel;
  private final int blockSize;
  private final AtomicLong bytesWritten = new AtomicLong();

  private DirectIo(FileChannel channel, int blockSize) {
    this.channel = channel;
    this.blockSize = blockSize;
  }

  /** The file (it must exist) opened for direct reads and writes, or null if that is refused. */
  static DirectIo open(Path file) {
    try {
      long blockSize = Files.getFileStore(file).getBlockSize();
      if (blockSize <= 0 || blockSize > 64 * 1024 || Long.bitCount(blockSize) != 1) {
        return null;
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
          StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
      return new DirectIo(channel, (int) blockSize);
    } catch (IOException | UnsupportedOperationException refused) {
      return null;
    }
  }

  /** A direct buffer of exactly {@code capacity} bytes whose first byte is block-aligned. */
  ByteBuffer allocate(int capacity) {
    return DirectBuffers.aligned(capacity, blockSize);
  }

  /** True if {@code buffer}'s remaining bytes can move to or from {@code position} directly. */
  boolean fits(ByteBuffer buffer, long position) {
    return buffer.isDirect()
        && position % blockSize == 0
        && buffer.remaining() % blockSize == 0
        && buffer.alignmentOffset(buffer.position(), blockSize) == 0;
  }

  /** Writes all of {@code buffer}, which {@link #fits} {@code position}. */
  void write(ByteBuffer buffer, long position) throws IOException {
    int length = buffer.remaining();
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    bytesWritten.addAndGet(length);
  }

  /** Reads into {@code buffer}, which {@link #fits} {@code position}: -1 at the end of the file. */
  int read(ByteBuffer buffer, long position) throws IOException {
    return channel.read(buffer, position);
  }

  /** How many bytes {@link #write} has written. */
  long bytesWritten() {
    return bytesWritten.get();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
