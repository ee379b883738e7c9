package p2pshare.swarm;

/** One request-sized slice of a piece: {@code length} bytes at {@code begin} within {@code piece}. */
public record Block(int piece, int begin, int length) {
  /** 16 KiB: the block size every BitTorrent client accepts (larger requests get peers dropped). */
  public static final int SIZE = 16 * 1024;

  public Block {
    if (piece < 0 || begin < 0 || length <= 0 || length > SIZE) {
      throw new IllegalArgumentException(
          "bad block piece=" + piece + " begin=" + begin + " length=" + length);
    }
  }

  public int index() {
    return begin / SIZE;
  }
}
