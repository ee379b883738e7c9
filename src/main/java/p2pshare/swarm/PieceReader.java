package p2pshare.swarm;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import p2pshare.storage.PieceStore;

/**
 * Whole pieces read from disk for serving, in one large read on a worker thread each, kept in a
 * small LRU so the 16 KiB requests for one piece (which arrive together) cost one read. Several
 * peers asking for the same piece share the read. Owned by the engine's context.
 */
final class PieceReader {
  private final Context context;
  private final PieceStore store;
  private final int capacity;
  private final Map<Integer, Future<byte[]>> cache;

  /** @param budgetBytes memory for cached pieces; at least two pieces are kept */
  PieceReader(Context context, PieceStore store, int pieceLength, long budgetBytes) {
    this.context = context;
    this.store = store;
    this.capacity = (int) Math.max(2, budgetBytes / pieceLength);
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, Future<byte[]>> eldest) {
        return size() > capacity;
      }
    };
  }

  Future<byte[]> piece(int piece) {
    Future<byte[]> cached = cache.get(piece);
    if (cached != null && !cached.failed()) {
      return cached;
    }
    Future<byte[]> read = context.executeBlocking(() -> store.read(piece), false);
    cache.put(piece, read);
    return read;
  }

  /** A piece we just verified is served from memory at once, without reading it back. */
  void offer(int piece, byte[] data) {
    cache.put(piece, Future.succeededFuture(data));
  }
}
