package p2pshare.swarm;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.storage.TorrentFiles;

/**
 * The pieces being received, unverified, each in a buffer from the store: a block is copied into
 * place as it arrives, and a complete piece goes to the store, which hashes it on a worker thread
 * and writes it only if it matches. Touched only on the engine's context.
 */
final class PieceAssembly {
  private final InfoDictionary info;
  private final TorrentFiles files;
  private final Map<Integer, ByteBuffer> pieces = new HashMap<>();

  PieceAssembly(InfoDictionary info, TorrentFiles files) {
    this.info = info;
    this.files = files;
  }

  /** Copies the block now: it is a view of Netty's pooled buffer, valid only during this call. */
  void copy(int piece, int begin, Buffer block) {
    ByteBuffer assembly = pieces.computeIfAbsent(piece, i -> files.pieceBuffer());
    ((BufferInternal) block).getByteBuf().getBytes(0, assembly.slice(begin, block.length()));
  }

  /** Hands the complete piece (every block copied) to the store: true if it matched its hash. */
  Future<Boolean> verifyAndWrite(int piece) {
    return files.writeIfValid(piece, pieces.remove(piece).limit(info.pieceSize(piece)));
  }
}
