package p2pshare.wire;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Every message after the handshake (BEP 3, BEP 6 fast extension, BEP 10 extension protocol).
 * Each frame is {@code <length prefix 4><id 1><payload>}; the layout of each is written beside it.
 * Constructors reject impossible values, so a decoded message is always well-formed.
 */
public sealed interface PeerMessage {

  /** {@code <len=0000>} */
  record KeepAlive() implements PeerMessage {}

  /** {@code <len=0001><id=0>} */
  record Choke() implements PeerMessage {}

  /** {@code <len=0001><id=1>} */
  record Unchoke() implements PeerMessage {}

  /** {@code <len=0001><id=2>} */
  record Interested() implements PeerMessage {}

  /** {@code <len=0001><id=3>} */
  record NotInterested() implements PeerMessage {}

  /** {@code <len=0005><id=4><piece index>} */
  record Have(int piece) implements PeerMessage {
    public Have {
      nonNegative("piece", piece);
    }
  }

  /** {@code <len=0001+X><id=5><bitfield X>}: bit 7 of byte 0 is piece 0. */
  record Bitfield(byte[] bits) implements PeerMessage {
    public Bitfield {
      bits = bits.clone();
    }

    @Override
    public byte[] bits() {
      return bits.clone();
    }

    /** The bitfield of a torrent with {@code pieceCount} pieces; set bits are pieces held. */
    public static Bitfield of(BitSet pieces, int pieceCount) {
      byte[] bits = new byte[(pieceCount + 7) / 8];
      for (int p = pieces.nextSetBit(0); p >= 0 && p < pieceCount; p = pieces.nextSetBit(p + 1)) {
        bits[p >>> 3] |= (byte) (0x80 >>> (p & 7));
      }
      return new Bitfield(bits);
    }

    /** BEP 3: exactly ceil(pieceCount / 8) bytes, and the spare bits at the end are zero. */
    public boolean validFor(int pieceCount) {
      if (bits.length != (pieceCount + 7) / 8) return false;
      int spare = bits.length * 8 - pieceCount;
      return spare == 0 || (bits[bits.length - 1] & ((1 << spare) - 1)) == 0;
    }

    public BitSet toBitSet() {
      BitSet set = new BitSet(bits.length * 8);
      for (int p = 0; p < bits.length * 8; p++) {
        if ((bits[p >>> 3] & (0x80 >>> (p & 7))) != 0) set.set(p);
      }
      return set;
    }

    public boolean has(int piece) {
      nonNegative("piece", piece);
      int index = piece >>> 3;
      return index < bits.length && (bits[index] & (0x80 >>> (piece & 7))) != 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bitfield b && Arrays.equals(bits, b.bits);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
      return "Bitfield[" + HexFormat.of().formatHex(bits) + "]";
    }
  }

  /** {@code <len=0013><id=6><piece index><begin><length>} */
  record Request(int piece, int begin, int length) implements PeerMessage {
    public Request {
      checkBlock(piece, begin, length);
    }
  }

  /** {@code <len=0009+X><id=7><piece index><begin><block X>}; the block is a slice, not a copy. */
  record Piece(int piece, int begin, Buffer block) implements PeerMessage {
    public Piece {
      nonNegative("piece", piece);
      nonNegative("begin", begin);
      Objects.requireNonNull(block, "block");
    }
  }

  /** {@code <len=0013><id=8><piece index><begin><length>} */
  record Cancel(int piece, int begin, int length) implements PeerMessage {
    public Cancel {
      checkBlock(piece, begin, length);
    }
  }

  /** {@code <len=0003><id=9><listen port 2>}: DHT port; decoded so it can be ignored. */
  record Port(int port) implements PeerMessage {
    public Port {
      if (port < 0 || port > 0xFFFF) throw new IllegalArgumentException("port out of range");
    }
  }

  /** {@code <len=0005><id=0x0D><piece index>} (BEP 6) */
  record SuggestPiece(int piece) implements PeerMessage {
    public SuggestPiece {
      nonNegative("piece", piece);
    }
  }

  /** {@code <len=0001><id=0x0E>} (BEP 6) */
  record HaveAll() implements PeerMessage {}

  /** {@code <len=0001><id=0x0F>} (BEP 6) */
  record HaveNone() implements PeerMessage {}

  /** {@code <len=0013><id=0x10><piece index><begin><length>} (BEP 6) */
  record RejectRequest(int piece, int begin, int length) implements PeerMessage {
    public RejectRequest {
      checkBlock(piece, begin, length);
    }
  }

  /** {@code <len=0005><id=0x11><piece index>} (BEP 6) */
  record AllowedFast(int piece) implements PeerMessage {
    public AllowedFast {
      nonNegative("piece", piece);
    }
  }

  /** {@code <len=0002+X><id=20><extended id 1><payload X>} (BEP 10); id 0 is the handshake. */
  record Extended(int extendedId, Buffer payload) implements PeerMessage {
    public Extended {
      if (extendedId < 0 || extendedId > 0xFF) {
        throw new IllegalArgumentException("extended id must fit one byte: " + extendedId);
      }
      Objects.requireNonNull(payload, "payload");
    }
  }

  private static void nonNegative(String field, int value) {
    if (value < 0) throw new IllegalArgumentException(field + " is negative: " + value);
  }

  private static void checkBlock(int piece, int begin, int length) {
    nonNegative("piece", piece);
    nonNegative("begin", begin);
    if (length <= 0) throw new IllegalArgumentException("block length must be positive: " + length);
  }
}
