package p2pshare.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import p2pshare.common.DirectBuffers;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.metainfo.Sha1;

/**
 * The bytes of one torrent on disk: a complete shared file, or the partial file of a download
 * ({@code <target>.p2pshare-part}) that only ever holds verified pieces. Every method blocks: call
 * them on a worker thread. Positional reads and writes need no shared file position, so several
 * workers may use one store at once.
 */
public final class PieceStore implements AutoCloseable {
  public static final String PART_SUFFIX = ".p2pshare-part";
  /** 1 MiB reads for the whole-file hash: large enough that syscalls cost nothing next to SHA1. */
  private static final int HASH_CHUNK = 1024 * 1024;

  /**
   * A piece is assembled in one direct buffer (the event loop copies each received block straight
   * from the network buffer into it), hashed, and written (see WRITE_STEP). The buffers
   * are kept for reuse up to 64 MiB: the engine's 24 MiB of open pieces, the up to 32 MiB the
   * whole-file hash holds ahead of its prefix (AHEAD_IN_MEMORY) and the pieces being
   * written. A direct buffer is costly to allocate (zeroed, freed only by a GC), so one that left
   * the pool is never thrown away while pieces keep coming.
   */
  private static final long POOLED_BYTES = 64L * 1024 * 1024;

  /**
   * The most one write call through the page cache hands the kernel (a direct write, see {@link
   * DirectIo}, takes a piece in one call). Linux sizes the page-cache folios a write allocates by
   * the write's length, so a 512 KiB write takes large folios, which only large free blocks can
   * give. On a VM with free page reporting (the one docs/PERFORMANCE.md measures on) those are most
   * likely the blocks the guest handed back to its host, whose first touch faults them in: 1 GiB
   * written in 512 KiB calls cost 1.5-3 s of kernel time there, in 32 KiB calls 0.29-0.32 s (16 KiB:
   * 0.39-0.54 s; 8 KiB: 0.59-0.66 s, the calls start to count). Elsewhere the steps cost only the
   * calls: 16 per piece, under 30 ms per GiB.
   */
  private static final int WRITE_STEP = 32 * 1024;

  /**
   * How far past its hashed prefix the whole-file hash keeps a written piece's buffer: 64 pieces,
   * 32 MiB at 512 KiB. Pieces finish much further out of order than the picker asks for them:
   * while one piece was still being hashed or written, up to 63 later ones were written, in 1 GiB
   * downloads from one seed and from three. With room for 8, 283-416 MB of each GiB were read
   * back from disk ({@code read_bytes} in /proc/PID/io) by a worker holding the hash's lock, and
   * 3 -> 1 took 2.44 s; with 64, nothing was read back and it took 2.11 s (docs/PERFORMANCE.md).
   * Counted by distance rather than by number, so that in rarest-first order a piece far ahead
   * does not take the place of one the prefix needs next; and the memory comes from a budget all
   * downloads share ({@link LookAhead}), so several at once do not hold 32 MiB each.
   */
  static final int AHEAD_IN_MEMORY = 64;

  private final Queue<ByteBuffer> assembly = new ConcurrentLinkedQueue<>();
  private final int pooledBuffers;
  /**
   * Two workers writing the same file at once contend on its inode lock, and the kernel spins
   * for it (about 9% of the writers' CPU in a 1 GiB download): a Java lock parks the second.
   */
  private final Object writing = new Object();
  private final InfoDictionary info;
  private final FileChannel channel;
  /** The same file for direct I/O, or null: a complete file, or a file system without it. */
  private final DirectIo direct;
  private final Path path;
  private final WholeFileHash wholeFile;
  private final FlushBehind flushBehind;
  private final LookAhead lookAhead;

  private PieceStore(InfoDictionary info, FileChannel channel, DirectIo direct, Path path,
      LookAhead lookAhead) {
    this.info = info;
    this.lookAhead = lookAhead;
    this.channel = channel;
    this.direct = direct;
    this.path = path;
    this.wholeFile = new WholeFileHash();
    this.flushBehind = new FlushBehind(channel);
    this.pooledBuffers = (int) Math.max(4, POOLED_BYTES / info.pieceLength());
  }

  public static Path partPath(Path target) {
    return target.resolveSibling(target.getFileName() + PART_SUFFIX);
  }

  /** A file we hold entirely (upload_file, or a finished download); it must have the right size. */
  public static PieceStore openComplete(InfoDictionary info, Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    if (channel.size() != info.length()) {
      long size = channel.size();
      channel.close();
      throw new IOException(
          file + " has " + size + " bytes but " + info.name() + " has " + info.length()
              + " (was the file changed after it was shared?)");
    }
    return new PieceStore(info, channel, null, file, LookAhead.SHARED);
  }

  /**
   * The partial file of a download into {@code target}, created if missing; pieces go past the page
   * cache where the file system allows it (see {@link DirectIo}).
   */
  public static PieceStore openPartial(InfoDictionary info, Path target) throws IOException {
    return openPartial(info, target, true);
  }

  /** As {@link #openPartial(InfoDictionary, Path)}; with {@code directIo} false, never past it. */
  static PieceStore openPartial(InfoDictionary info, Path target, boolean directIo)
      throws IOException {
    return openPartial(info, target, directIo, LookAhead.SHARED);
  }

  /** As {@link #openPartial(InfoDictionary, Path, boolean)}, with its own look-ahead budget. */
  static PieceStore openPartial(InfoDictionary info, Path target, boolean directIo,
      LookAhead lookAhead) throws IOException {
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target + " already exists; choose another destination");
    }
    Path part = partPath(target);
    Files.createDirectories(part.toAbsolutePath().getParent());
    FileChannel channel =
        FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    return new PieceStore(info, channel, directIo ? DirectIo.open(part) : null, part, lookAhead);
  }

  public Path path() {
    return path;
  }

  /** Reads a whole piece (one large read, never block by block). */
  byte[] read(int piece) throws IOException {
    byte[] data = new byte[info.pieceSize(piece)];
    readPiece(piece, ByteBuffer.wrap(data));
    return data;
  }

  /**
   * Reads a whole piece into {@code into}, from its start (it must hold a piece), flipped; past
   * the page cache if {@code into} is one of {@link #pieceBuffer()}'s and the piece is aligned.
   */
  public ByteBuffer readPiece(int piece, ByteBuffer into) throws IOException {
    into.clear().limit(info.pieceSize(piece));
    readFully(into, info.pieceOffset(piece));
    return into.flip();
  }

  /** True if the piece on disk matches its hash (resume re-verification). */
  public boolean verify(int piece) throws IOException {
    if (info.pieceOffset(piece) + info.pieceSize(piece) > channel.size()) {
      return false;
    }
    return matches(piece, read(piece));
  }

  public boolean matches(int piece, byte[] data) {
    return Arrays.equals(Sha1.of(data), info.pieceHash(piece));
  }

  /**
   * A buffer to assemble one piece in (capacity: the piece length), reused when possible. Safe on
   * any thread; hand it back through {@link #writeIfValid} or {@link #recycle}.
   */
  public ByteBuffer pieceBuffer() {
    ByteBuffer buffer = assembly.poll();
    return buffer != null ? buffer.clear() : allocate(info.pieceLength());
  }

  /**
   * A direct buffer, block-aligned when the store has direct I/O, else page-aligned: pieces are
   * read back into it through the page cache then (see {@link DirectBuffers}).
   */
  private ByteBuffer allocate(int capacity) {
    return direct != null ? direct.allocate(capacity) : DirectBuffers.pageAligned(capacity);
  }

  /**
   * Hashes a piece (the bytes from {@code data}'s position to its limit) and writes it only if it
   * matches, so the file never holds unverified bytes. Takes {@code data} over: it goes back to
   * the pool of {@link #pieceBuffer()} afterwards, whatever the outcome.
   */
  public boolean writeIfValid(int piece, ByteBuffer data) throws IOException {
    boolean kept = false;
    try {
      MessageDigest digest = Sha1.newDigest();
      digest.update(data.duplicate());
      if (!Arrays.equals(digest.digest(), info.pieceHash(piece))) {
        return false;
      }
      write(data.duplicate(), info.pieceOffset(piece));
      flushBehind.written(data.remaining());
      kept = wholeFile.written(piece, data);
      return true;
    } finally {
      if (!kept) {
        recycle(data);
      }
    }
  }

  /** True if {@code buffer}'s transfer at {@code position} goes past the page cache. */
  private boolean goesDirect(ByteBuffer buffer, long position) {
    return direct != null && direct.fits(buffer, position);
  }

  private void write(ByteBuffer out, long position) throws IOException {
    if (goesDirect(out, position)) {
      direct.write(out, position);
      return;
    }
    int end = out.limit();
    synchronized (writing) {
      while (out.position() < end) {
        out.limit(Math.min(end, out.position() + WRITE_STEP));
        position += channel.write(out, position);
      }
    }
  }

  /** Gives back a buffer of {@link #pieceBuffer()} that holds nothing to write. */
  public void recycle(ByteBuffer buffer) {
    if (buffer.isDirect() && buffer.capacity() == info.pieceLength()
        && assembly.size() < pooledBuffers) {
      assembly.offer(buffer);
    }
  }

  /** How many pieces the whole-file hash read back from disk while the download ran. */
  int piecesReadBack() {
    synchronized (wholeFile) {
      return wholeFile.piecesReadBack;
    }
  }

  /** How many bytes of pieces went to the file past the page cache. */
  long bytesWrittenDirect() {
    return direct != null ? direct.bytesWritten() : 0;
  }

  /**
   * The open file, for zero-copy sends of verified pieces ({@code sendfile}); it stays valid after
   * {@link #finish} because the final name is a link to the same file.
   */
  public FileChannel channel() {
    return channel;
  }

  /**
   * Checks the whole file against the dictionary's SHA1, makes it durable, and gives it its final
   * name. A hard link is atomic and fails if the name exists, so nothing is ever overwritten.
   */
  public Path finish(Path target) throws IOException {
    if (channel.size() != info.length()) {
      throw new IOException(path + " holds " + channel.size() + " bytes, expected " + info.length());
    }
    if (!Arrays.equals(wholeFile.finish(), info.fileSha1())) {
      throw new IOException(
          "whole-file SHA1 of " + info.name() + " does not match although every piece did");
    }
    assembly.clear();
    flushBehind.finalFlush();
    Files.createLink(target, path);
    Files.delete(path);
    return target;
  }

  /**
   * The whole-file SHA1, computed while the download runs. A piece written at the end of the hashed
   * prefix is hashed from the buffer just written; one written ahead of it keeps its buffer until
   * the prefix reaches it if it lies within {@link #AHEAD_IN_MEMORY} places of the prefix, and is
   * read back from disk then if it lies further. {@link #finish} hashes whatever is left from disk
   * (all of it after a restart). The picker fetches in file order while only seeds are connected,
   * so a download from seeds leaves nothing to hash at the end and reads nothing back.
   */
  private final class WholeFileHash {
    private final MessageDigest digest = Sha1.newDigest();
    private final Map<Integer, ByteBuffer> aheadInMemory = new HashMap<>();
    private final BitSet aheadOnDisk = new BitSet();
    private int hashed;
    private int piecesReadBack;
    private boolean closed;
    private byte[] result;
    private ByteBuffer readBack;

    /** True if it kept {@code data} (the caller must not reuse it); the store recycles it later. */
    synchronized boolean written(int piece, ByteBuffer data) throws IOException {
      if (piece != hashed) {
        if (!closed && piece - hashed < AHEAD_IN_MEMORY && lookAhead.take(info.pieceLength())) {
          aheadInMemory.put(piece, data);
          return true;
        }
        aheadOnDisk.set(piece);
        return false;
      }
      digest.update(data);
      hashed++;
      while (true) {
        ByteBuffer kept = aheadInMemory.remove(hashed);
        if (kept != null) {
          lookAhead.give(info.pieceLength());
          digest.update(kept);
          recycle(kept);
        } else if (aheadOnDisk.get(hashed)) {
          aheadOnDisk.clear(hashed);
          digest.update(readBack(hashed));
        } else {
          return false;
        }
        hashed++;
      }
    }

    /**
     * A piece read back from disk into one buffer kept for the purpose: out of file order (rarest
     * first, in a swarm) most pieces come this way, and a fresh 512 KiB array each was a GiB of
     * garbage per GiB downloaded in a 128 MiB heap.
     */
    private ByteBuffer readBack(int piece) throws IOException {
      if (readBack == null) {
        readBack = allocate(info.pieceLength());
      }
      piecesReadBack++;
      return readPiece(piece, readBack);
    }

    /** Lets go of the pieces held ahead (they are on disk), giving their memory back. */
    synchronized void dropAhead() {
      lookAhead.give((long) aheadInMemory.size() * info.pieceLength());
      aheadInMemory.clear();
    }

    /** Holds nothing more: a write that was under way as the store closed keeps no share. */
    synchronized void close() {
      closed = true;
      dropAhead();
    }

    synchronized byte[] finish() throws IOException {
      if (result != null) {
        return result;
      }
      dropAhead();
      ByteBuffer buffer = allocate(HASH_CHUNK);
      long position = hashed < info.pieceCount() ? info.pieceOffset(hashed) : info.length();
      while (position < info.length()) {
        buffer.clear().limit((int) Math.min(HASH_CHUNK, info.length() - position));
        readFully(buffer, position);
        buffer.flip();
        digest.update(buffer);
        position += buffer.limit();
      }
      result = digest.digest();
      return result;
    }
  }

  /** Direct where the transfer {@link DirectIo#fits} (checked each step: a short read ends it). */
  private void readFully(ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      int n = goesDirect(buffer, position)
          ? direct.read(buffer, position)
          : channel.read(buffer, position);
      if (n < 0) {
        throw new IOException(path + " ends before byte " + position + " (file truncated?)");
      }
      position += n;
    }
  }

  @Override
  public void close() {
    wholeFile.close();
    assembly.clear();
    try (channel; direct) {
      // closes both, the second even if closing the first fails
    } catch (IOException e) {
      throw new UncheckedIOException("closing " + path, e);
    }
  }
}
