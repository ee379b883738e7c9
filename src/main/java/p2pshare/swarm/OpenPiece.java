package p2pshare.swarm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The picker's view of a piece being fetched: which blocks are requested from whom, which arrived. */
final class OpenPiece {
  final int piece;
  final int length;
  final int blockCount;
  private final BitSet received = new BitSet();
  private final List<Set<Integer>> requesters;
  /** Peers that sent at least one block: the ones blamed if the piece fails its hash. */
  final Set<Integer> senders = new LinkedHashSet<>();
  boolean hashing;
  /** The peer that opened the piece (the only one asked for a single-source piece). */
  int owner;
  /**
   * Blocks neither received nor requested, kept up to date so the picker skips a fully requested
   * piece at once: scanning every block of every open piece for each pick was a fifth of the
   * downloading event loop's time.
   */
  private int unrequested;

  OpenPiece(int piece, int length) {
    this.piece = piece;
    this.length = length;
    this.blockCount = (length + Block.SIZE - 1) / Block.SIZE;
    this.requesters = new ArrayList<>(blockCount);
    for (int i = 0; i < blockCount; i++) {
      requesters.add(new LinkedHashSet<>(2));
    }
    this.unrequested = blockCount;
  }

  Block block(int index) {
    int begin = index * Block.SIZE;
    return new Block(piece, begin, Math.min(Block.SIZE, length - begin));
  }

  boolean isReceived(int index) {
    return received.get(index);
  }

  /** Who was asked for the block (read-only: change it through add/removeRequester). */
  Set<Integer> requesters(int index) {
    return Collections.unmodifiableSet(requesters.get(index));
  }

  void addRequester(int index, int peer) {
    boolean wasUnrequested = isUnrequested(index);
    if (requesters.get(index).add(peer) && wasUnrequested) {
      unrequested--;
    }
  }

  void removeRequester(int index, int peer) {
    if (requesters.get(index).remove(peer) && isUnrequested(index)) {
      unrequested++;
    }
  }

  boolean isUnrequested(int index) {
    return !received.get(index) && requesters.get(index).isEmpty();
  }

  boolean hasUnrequested() {
    return !hashing && unrequested > 0;
  }

  void markReceived(int index, int from) {
    if (isUnrequested(index)) {
      unrequested--;
    }
    received.set(index);
    senders.add(from);
    requesters.get(index).clear();
  }

  boolean allReceived() {
    return received.cardinality() == blockCount;
  }

  /** Nothing arrived and nobody is asked: the piece can be closed to free its slot. */
  boolean isIdle() {
    return !hashing && received.isEmpty() && unrequested == blockCount;
  }

  int receivedCount() {
    return received.cardinality();
  }
}
