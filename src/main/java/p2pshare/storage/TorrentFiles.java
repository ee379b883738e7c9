package p2pshare.storage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import p2pshare.metainfo.InfoDictionary;

/**
 * The files of one torrent seen from its event loop: every blocking step of {@link PieceStore}
 * and {@link ResumeFile} runs on a worker thread and comes back as a Future. Piece writes run in
 * parallel; resume saves, the final rename and close run in order, so the resume file never lists
 * a piece after the store is closed and never reappears after the rename.
 */
public final class TorrentFiles {
  private final Context context;
  private final InfoDictionary info;
  private final String infoHash;
  private final PieceStore store;
  private final Path target;

  public TorrentFiles(Context context, InfoDictionary info, PieceStore store, Path target) {
    this.context = context;
    this.info = info;
    this.infoHash = info.infoHashHex();
    this.store = store;
    this.target = target;
  }

  /** An empty buffer to assemble a piece in; give it back through writeIfValid or recycle. */
  public ByteBuffer pieceBuffer() {
    return store.pieceBuffer();
  }

  public void recycle(ByteBuffer buffer) {
    store.recycle(buffer);
  }

  /** True if the piece matched its hash and is now on disk; takes {@code data} over. */
  public Future<Boolean> writeIfValid(int piece, ByteBuffer data) {
    return context.executeBlocking(() -> store.writeIfValid(piece, data), false);
  }

  /** Reads a verified piece into {@code into} (one of {@link #pieceBuffer()}'s), flipped. */
  public Future<ByteBuffer> readPiece(int piece, ByteBuffer into) {
    return context.executeBlocking(() -> store.readPiece(piece, into), false);
  }

  public Future<Void> saveResume(PieceSet verified) {
    PieceSet copy = verified.copy();
    return context.executeBlocking(() -> {
      ResumeFile.write(target, infoHash, copy);
      return null;
    }, true);
  }

  /** Whole-file check, rename to the final name, resume file removed. */
  public Future<Path> finish() {
    return context.executeBlocking(() -> {
      Path done = store.finish(target);
      ResumeFile.delete(target);
      return done;
    }, true);
  }

  public Future<Void> close() {
    return context.executeBlocking(() -> {
      store.close();
      return null;
    }, true);
  }

  /** For zero-copy sends of verified pieces. */
  public FileChannel channel() {
    return store.channel();
  }

  public String describe() {
    return info.name() + " (" + store.path() + ")";
  }
}
