package p2pshare.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The BEP 3 handshake, the first 68 bytes each side sends:
 * {@code <pstrlen=19><pstr="BitTorrent protocol"><reserved 8><info_hash 20><peer_id 20>}.
 */
public record Handshake(byte[] reserved, byte[] infoHash, byte[] peerId) {

  /** Package-private: a public array could be changed by anyone. */
  static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
  public static final int LENGTH = 1 + PROTOCOL.length + 8 + 20 + 20;

  /** BEP 10: bit 0x10 of reserved byte 5 announces the extension protocol. */
  private static final int EXTENSION_BYTE = 5;
  private static final int EXTENSION_BIT = 0x10;

  /** BEP 6: bit 0x04 of reserved byte 7 announces the fast extension. */
  private static final int FAST_BYTE = 7;
  private static final int FAST_BIT = 0x04;

  public Handshake {
    if (reserved.length != 8) throw new IllegalArgumentException("reserved must be 8 bytes");
    if (infoHash.length != 20) throw new IllegalArgumentException("info-hash must be 20 bytes");
    if (peerId.length != 20) throw new IllegalArgumentException("peer id must be 20 bytes");
    reserved = reserved.clone();
    infoHash = infoHash.clone();
    peerId = peerId.clone();
  }

  /** Our handshake: extension protocol and fast extension both announced. */
  public static Handshake of(byte[] infoHash, byte[] peerId) {
    byte[] reserved = new byte[8];
    reserved[EXTENSION_BYTE] |= EXTENSION_BIT;
    reserved[FAST_BYTE] |= FAST_BIT;
    return new Handshake(reserved, infoHash, peerId);
  }

  public boolean supportsExtensions() {
    return (reserved[EXTENSION_BYTE] & EXTENSION_BIT) != 0;
  }

  public boolean supportsFast() {
    return (reserved[FAST_BYTE] & FAST_BIT) != 0;
  }

  @Override
  public byte[] reserved() {
    return reserved.clone();
  }

  @Override
  public byte[] infoHash() {
    return infoHash.clone();
  }

  @Override
  public byte[] peerId() {
    return peerId.clone();
  }

  public String infoHashHex() {
    return HexFormat.of().formatHex(infoHash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Handshake h && Arrays.equals(reserved, h.reserved)
        && Arrays.equals(infoHash, h.infoHash) && Arrays.equals(peerId, h.peerId);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(infoHash) * 31 + Arrays.hashCode(peerId);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "Handshake[reserved=" + hex.formatHex(reserved) + ", infoHash=" + hex.formatHex(infoHash)
        + ", peerId=" + hex.formatHex(peerId) + "]";
  }
}
