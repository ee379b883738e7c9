package p2pshare.swarm;

import java.util.ArrayList;
import java.util.BitSet;
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

  OpenPiece(int piece, int length) {
    this.piece = piece;
    this.length = length;
    this.blockCount = (length + Block.SIZE - 1) / Block.SIZE;
    this.requesters = new ArrayList<>(blockCount);
    for (int i = 0; i < blockCount; i++) {
      requesters.add(new LinkedHashSet<>(2));
    }
  }

  Block block(int index) {
    int begin = index * Block.SIZE;
    return new Block(piece, begin, Math.min(Block.SIZE, length - begin));
  }

  boolean isReceived(int index) {
    return received.get(index);
  }

  Set<Integer> requesters(int index) {
    return requesters.get(index);
  }

  boolean isUnrequested(int index) {
    return !received.get(index) && requesters.get(index).isEmpty();
  }

  boolean hasUnrequested() {
    if (hashing) {
      return false;
    }
    for (int i = received.nextClearBit(0); i < blockCount; i = received.nextClearBit(i + 1)) {
      if (requesters.get(i).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  void markReceived(int index, int from) {
    received.set(index);
    senders.add(from);
    requesters.get(index).clear();
  }

  boolean allReceived() {
    return received.cardinality() == blockCount;
  }

  /** Nothing arrived and nobody is asked: the piece can be closed to free its slot. */
  boolean isIdle() {
    return !hashing && received.isEmpty() && requesters.stream().allMatch(Set::isEmpty);
  }

  int receivedCount() {
    return received.cardinality();
  }
}
