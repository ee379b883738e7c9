package p2pshare.swarm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The picker's view of a piece being fetched: which of its 16 KiB slots are requested from whom,
 * which arrived.
 */
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
    return block(index, 1);
  }

  /** The block of {@code slots} slots from slot {@code index} (shorter at the piece's end). */
  Block block(int index, int slots) {
    int begin = index * Block.SIZE;
    return new Block(piece, begin, Math.min(slots * Block.SIZE, length - begin));
  }

  /**
   * True if the block lies on this piece's slots: it starts at a slot and ends at one or at the
   * piece's end, so it is a run of whole slots however many it covers.
   */
  boolean fits(Block block) {
    int index = block.index();
    return block.piece() == piece && block.begin() % Block.SIZE == 0
        && index + block.slots() <= blockCount && block.equals(block(index, block.slots()));
  }

  /** How many slots from {@code index} on, at most {@code max}, are neither received nor requested. */
  int unrequestedRun(int index, int max) {
    int run = 0;
    while (run < max && index + run < blockCount && isUnrequested(index + run)) {
      run++;
    }
    return run;
  }

  /** True if any slot of the block has arrived. */
  boolean anyReceived(Block block) {
    int next = received.nextSetBit(block.index());
    return next >= 0 && next < block.index() + block.slots();
  }

  boolean isReceived(int index) {
    return received.get(index);
  }

  /** Who was asked for the block (read-only: change it through add/removeRequester). */
  Set<Integer> requesters(int index) {
    return Collections.unmodifiableSet(requesters.get(index));
  }

  /**
   * The peers other than {@code peer} asked for the slot, as a copy the caller may change the
   * piece under; empty (and no copy) in the usual case, where only {@code peer} was asked.
   */
  List<Integer> otherRequesters(int index, int peer) {
    Set<Integer> asked = requesters.get(index);
    if (asked.isEmpty() || asked.size() == 1 && asked.contains(peer)) {
      return List.of();
    }
    List<Integer> others = new ArrayList<>(asked);
    others.remove(Integer.valueOf(peer));
    return others;
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

  /** Marks every slot of the block as asked of the peer. */
  void addRequester(Block block, int peer) {
    for (int slot = block.index(); slot < block.index() + block.slots(); slot++) {
      addRequester(slot, peer);
    }
  }

  /** The peer is no longer asked for any slot of the block. */
  void removeRequester(Block block, int peer) {
    for (int slot = block.index(); slot < block.index() + block.slots() && slot < blockCount; slot++) {
      removeRequester(slot, peer);
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
