package p2pshare.swarm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import p2pshare.storage.PieceSet;

/**
 * What {@link PiecePicker} knows of one peer: the pieces it has, the blocks asked of it (and the
 * 16 KiB slots they cover), how large a block it serves and its strikes. Touched only by the picker.
 */
final class PeerState {
  PieceSet has;
  /** Changed only through add, remove and takeAll, which keep {@link #outstandingSlots} in step. */
  private final Set<Block> outstanding = new LinkedHashSet<>();
  /** Slots the outstanding blocks cover: how full the peer's pipeline is, whatever the block size. */
  private int outstandingSlots;
  /** Slots one request to this peer may cover: 1 unless it serves larger blocks. */
  int requestSlots = 1;
  int strikes;
  /** The peer unchokes us: it serves what we ask. */
  boolean unchoking;
  /** Slots its request pipeline holds when full, as last told (0 before that). */
  int depth;
  /** Pieces it rejected a request for while unchoking us: it does not spare the seed those. */
  final BitSet refused = new BitSet();

  PeerState(int pieceCount) {
    has = new PieceSet(pieceCount);
  }

  int outstandingSlots() {
    return outstandingSlots;
  }

  /** A copy of the blocks asked of the peer. */
  Set<Block> outstanding() {
    return Set.copyOf(outstanding);
  }

  void add(Block block) {
    if (outstanding.add(block)) {
      outstandingSlots += block.slots();
    }
  }

  boolean remove(Block block) {
    boolean was = outstanding.remove(block);
    if (was) {
      outstandingSlots -= block.slots();
    }
    return was;
  }

  List<Block> takeAll() {
    List<Block> all = new ArrayList<>(outstanding);
    outstanding.clear();
    outstandingSlots = 0;
    return all;
  }

  /** The outstanding block that covers the slot, or null. */
  Block covering(int piece, int slot) {
    for (Block block : outstanding) {
      if (block.covers(piece, slot)) {
        return block;
      }
    }
    return null;
  }
}
