package p2pshare.swarm;

import java.util.ArrayList;
import java.util.List;

/** The requests of one {@link PiecePicker#pick}, within its budget of 16 KiB slots. */
final class Picks {
  final List<Block> blocks = new ArrayList<>();
  private int room;

  Picks(int slots) {
    room = slots;
  }

  boolean full() {
    return room <= 0;
  }

  int room() {
    return room;
  }

  void add(Block block) {
    blocks.add(block);
    room -= block.slots();
  }
}
