package p2pshare.swarm;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import p2pshare.storage.TorrentFiles;

/**
 * The pieces a downloading torrent serves to other peers, each read whole from the partial file
 * (past the page cache, see {@code DirectIo}) into memory, where the next requests for it find it:
 * a peer asks for a piece's 32 blocks in a row, and several peers ask for the piece we just
 * announced. A block goes to the socket as a view of the piece, without a copy.
 *
 * <p>Why not {@code sendfile}, as a complete file is served: reading a partial file through the
 * page cache, the kernel reads ahead into the parts not downloaded yet and fills page-cache pages
 * with zeros for those holes, which the direct writes of those pieces then throw away. In a
 * 1 -> 4 download on the VM docs/PERFORMANCE.md measures on, that zeroing was 1.27 s of each
 * downloader's 3.6 s of kernel time (perf), as every fresh page there faults in from the host.
 *
 * <p>Touched only on the engine's context. A piece's buffer is reused for another piece only
 * when no write of it is under way.
 */
final class ServedPieces {
  /** 8 pieces (4 MiB at 512 KiB): the last few announced, without a GiB's worth of memory. */
  static final int CACHED = 8;

  private final TorrentFiles files;
  /** Least recently used first. */
  private final LinkedHashMap<Integer, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private boolean closed;

  private static final class Entry {
    /** Null while the piece is read. */
    ByteBuffer data;
    /** Writes of its blocks not finished yet. */
    int writing;
    final List<Promise<Entry>> waiting = new ArrayList<>();
  }

  ServedPieces(TorrentFiles files) {
    this.files = files;
  }

  /**
   * Gives {@code write} the block as a buffer over the verified piece in memory, once the piece is
   * read (at once if it is in memory); the piece stays in memory until the write's future ends.
   */
  Future<Void> send(int piece, int begin, int length, Function<ByteBuf, Future<Void>> write) {
    return pinned(piece).compose(entry -> {
      ByteBuf block = Unpooled.wrappedBuffer(entry.data.slice(begin, length));
      return write.apply(block).andThen(done -> written(entry));
    });
  }

  /** The piece's entry once it holds the bytes, with one more write counted on it. */
  private Future<Entry> pinned(int piece) {
    if (closed) {
      return Future.failedFuture("the download is no longer served from memory");
    }
    Entry entry = entries.get(piece);
    if (entry != null && entry.data != null) {
      entry.writing++;
      return Future.succeededFuture(entry);
    }
    Promise<Entry> ready = Promise.promise();
    if (entry != null) {
      entry.waiting.add(ready);
      return ready.future();
    }
    Entry reading = new Entry();
    reading.waiting.add(ready);
    ByteBuffer buffer = bufferForRead();
    entries.put(piece, reading);
    files.readPiece(piece, buffer).onComplete(read -> {
      List<Promise<Entry>> waiting = List.copyOf(reading.waiting);
      reading.waiting.clear();
      if (read.succeeded()) {
        reading.data = read.result();
        reading.writing += waiting.size();
        waiting.forEach(p -> p.complete(reading));
      } else {
        entries.remove(piece, reading);
        files.recycle(buffer);
        waiting.forEach(p -> p.fail(read.cause()));
      }
    });
    return ready.future();
  }

  /** The buffer of the least recently used piece not being written, once {@link #CACHED} are held. */
  private ByteBuffer bufferForRead() {
    if (entries.size() >= CACHED) {
      for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
        Entry eldest = it.next();
        if (eldest.data != null && eldest.writing == 0) {
          it.remove();
          return eldest.data.clear();
        }
      }
    }
    return files.pieceBuffer();
  }

  private void written(Entry entry) {
    if (--entry.writing == 0 && closed) {
      files.recycle(entry.data);
    }
  }

  /**
   * Serves no new piece; gives the buffers back to the store, each once its writes end (a read
   * still under way serves those waiting for it first).
   */
  void close() {
    closed = true;
    entries.values().removeIf(entry -> {
      if (entry.data != null && entry.writing == 0) {
        files.recycle(entry.data);
      }
      return entry.data != null;
    });
  }
}
