package p2pshare.storage;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory that the whole-file hashes of all downloads in one client share for pieces written
 * ahead of their hashed prefix (see {@code PieceStore.AHEAD_IN_MEMORY}). Without a shared bound,
 * each download could hold its own 32 MiB there, and two or three at once would reach the
 * client's 128 MiB of direct memory beside their open pieces; with it, one download gets all of
 * it and several share it, the rest of their pieces being read back from disk as before.
 */
final class LookAhead {
  /** 32 MiB: 64 pieces at 512 KiB, what one download from seeds was measured to need. */
  static final LookAhead SHARED = new LookAhead(32L * 1024 * 1024);

  private final long capacity;
  private final AtomicLong taken = new AtomicLong();

  LookAhead(long capacity) {
    this.capacity = capacity;
  }

  /** Takes {@code bytes} if that many are free; true if taken. */
  boolean take(long bytes) {
    long before = taken.getAndUpdate(t -> t + bytes <= capacity ? t + bytes : t);
    return before + bytes <= capacity;
  }

  /** Gives back bytes taken before. */
  void give(long bytes) {
    taken.addAndGet(-bytes);
  }

  /** How many bytes are taken. */
  long taken() {
    return taken.get();
  }
}
