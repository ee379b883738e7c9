package p2pshare.storage;

import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * A set of piece indices of one torrent, e.g. the pieces we have verified or a peer's bitfield.
 * Mutable and owned by one context; hand out {@link #copy()} across threads. {@link #toBytes()}
 * uses the BEP 3 bitfield layout: piece 0 is the high bit of the first byte, spare bits are zero.
 */
public final class PieceSet {
  private final int pieceCount;
  private final BitSet bits;

  public PieceSet(int pieceCount) {
    if (pieceCount < 0) {
      throw new IllegalArgumentException("negative piece count " + pieceCount);
    }
    this.pieceCount = pieceCount;
    this.bits = new BitSet(pieceCount);
  }

  private PieceSet(int pieceCount, BitSet bits) {
    this.pieceCount = pieceCount;
    this.bits = bits;
  }

  public static PieceSet full(int pieceCount) {
    PieceSet set = new PieceSet(pieceCount);
    set.bits.set(0, pieceCount);
    return set;
  }

  /** Reads a BEP 3 bitfield; rejects a wrong length or set spare bits (the spec says drop the peer). */
  public static PieceSet fromBytes(byte[] bytes, int pieceCount) {
    if (bytes.length != byteLength(pieceCount)) {
      throw new IllegalArgumentException(
          "bitfield of " + bytes.length + " bytes for " + pieceCount + " pieces");
    }
    PieceSet set = new PieceSet(pieceCount);
    for (int i = 0; i < bytes.length * 8; i++) {
      if ((bytes[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
        if (i >= pieceCount) {
          throw new IllegalArgumentException("bitfield sets spare bit " + i);
        }
        set.bits.set(i);
      }
    }
    return set;
  }

  public static int byteLength(int pieceCount) {
    return (pieceCount + 7) / 8;
  }

  public byte[] toBytes() {
    byte[] out = new byte[byteLength(pieceCount)];
    for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
      out[i >>> 3] |= (byte) (0x80 >>> (i & 7));
    }
    return out;
  }

  public int pieceCount() {
    return pieceCount;
  }

  public boolean has(int piece) {
    return bits.get(checked(piece));
  }

  public void add(int piece) {
    bits.set(checked(piece));
  }

  public void remove(int piece) {
    bits.clear(checked(piece));
  }

  public int count() {
    return bits.cardinality();
  }

  public boolean isComplete() {
    return bits.cardinality() == pieceCount;
  }

  public boolean isEmpty() {
    return bits.isEmpty();
  }

  public IntStream stream() {
    return bits.stream();
  }

  /** Next piece at or after {@code from} that is in the set, or -1. */
  public int nextSet(int from) {
    return bits.nextSetBit(from);
  }

  /** Next piece at or after {@code from} that is not in the set, or -1. */
  public int nextMissing(int from) {
    int next = bits.nextClearBit(from);
    return next < pieceCount ? next : -1;
  }

  /** True if this set holds a piece that {@code other} lacks (e.g. a peer has what we need). */
  public boolean hasAnyMissingFrom(PieceSet other) {
    BitSet rest = (BitSet) bits.clone();
    rest.andNot(other.bits);
    return !rest.isEmpty();
  }

  public PieceSet copy() {
    return new PieceSet(pieceCount, (BitSet) bits.clone());
  }

  private int checked(int piece) {
    if (piece < 0 || piece >= pieceCount) {
      throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
    }
    return piece;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PieceSet other && other.pieceCount == pieceCount && other.bits.equals(bits);
  }

  @Override
  public int hashCode() {
    return 31 * pieceCount + bits.hashCode();
  }

  @Override
  public String toString() {
    return count() + "/" + pieceCount + " pieces";
  }
}
