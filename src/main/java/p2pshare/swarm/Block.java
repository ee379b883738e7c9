package p2pshare.swarm;

/**
 * One request's worth of a piece: {@code length} bytes at {@code begin} within {@code piece}. The
 * picker counts in 16 KiB slots; a block covers one slot, or several consecutive ones when the
 * peer serves {@link #MAX_SIZE} blocks.
 */
public record Block(int piece, int begin, int length) {
  /** 16 KiB: the block size every BitTorrent client accepts (larger requests get peers dropped). */
  public static final int SIZE = 16 * 1024;
  /**
   * 128 KiB: the largest block, asked only of a peer that said in its extension handshake that it
   * serves blocks this large (p2pshare peers do). Each block costs both sides a request, a piece
   * header, a send and the picker's bookkeeping: 65,536 of them per GiB at 16 KiB, 8,192 at 128 KiB.
   */
  public static final int MAX_SIZE = 8 * SIZE;

  public Block {
    if (piece < 0 || begin < 0 || length <= 0 || length > MAX_SIZE) {
      throw new IllegalArgumentException(
          "bad block piece=" + piece + " begin=" + begin + " length=" + length);
    }
  }

  /** The first slot the block covers. */
  public int index() {
    return begin / SIZE;
  }

  /** How many slots the block covers (the last may be short, at the end of the file). */
  public int slots() {
    return (length + SIZE - 1) / SIZE;
  }

  /** True if the block covers the slot. */
  boolean covers(int piece, int slot) {
    return this.piece == piece && slot >= index() && slot < index() + slots();
  }
}
