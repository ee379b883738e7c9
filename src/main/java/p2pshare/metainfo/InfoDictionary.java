package p2pshare.metainfo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * A BitTorrent v1 single-file info dictionary: {@code name}, {@code length}, {@code piece length},
 * {@code pieces}, {@code private} = 1, plus our {@code sha1} key (SHA-1 of the whole file).
 *
 * <p>{@link #encoded()} holds the exact bencoded bytes; the info-hash is computed over them. A
 * dictionary parsed from the network keeps the bytes it arrived as (unknown keys included), so its
 * info-hash is the one every other peer computes. Every instance is valid: the constructor checks
 * each field and that {@code encoded} decodes to exactly these fields.
 */
public record InfoDictionary(
    String name, long length, int pieceLength, byte[] pieces, byte[] fileSha1, byte[] encoded) {

  /** 512 KiB: few enough pieces for large files, small enough to verify and trade quickly. */
  public static final int DEFAULT_PIECE_LENGTH = 512 * 1024;

  /** 16 KiB: one block, the smallest piece that still makes sense on the wire. */
  public static final int MIN_PIECE_LENGTH = 16 * 1024;

  /** 16 MiB: a piece is assembled in memory before it is verified, so it must stay small. */
  public static final int MAX_PIECE_LENGTH = 16 * 1024 * 1024;

  public InfoDictionary {
    Objects.requireNonNull(name, "name");
    FileName.check(name);
    if (length < 0) throw new MetainfoException("length is negative: " + length);
    checkPieceLength(pieceLength);
    long count = pieceCount(length, pieceLength);
    if (count * Sha1.LENGTH != pieces.length) {
      throw new MetainfoException(
          "pieces holds " + pieces.length + " bytes but " + length + " bytes in pieces of "
              + pieceLength + " need " + count * Sha1.LENGTH);
    }
    if (fileSha1.length != Sha1.LENGTH) {
      throw new MetainfoException("sha1 must be 20 bytes, not " + fileSha1.length);
    }
    pieces = pieces.clone();
    fileSha1 = fileSha1.clone();
    encoded = encoded.clone();
    Fields given = new Fields(name, length, pieceLength, pieces, fileSha1);
    if (!fields(Bencode.decodeDict(encoded)).equals(given)) {
      throw new MetainfoException("encoded bytes do not hold the given fields");
    }
  }

  /** Builds a dictionary from its fields, encoded canonically. */
  public static InfoDictionary of(
      String name, long length, int pieceLength, byte[] pieces, byte[] fileSha1) {
    FileName.check(name);
    BDict dict =
        new BDict(
            Map.of(
                "name", BBytes.of(name),
                "length", new BInt(length),
                "piece length", new BInt(pieceLength),
                "pieces", new BBytes(pieces),
                "private", new BInt(1),
                "sha1", new BBytes(fileSha1)));
    return new InfoDictionary(name, length, pieceLength, pieces, fileSha1, Bencode.encode(dict));
  }

  /** Parses and validates bencoded info-dictionary bytes; throws {@link MetainfoException}. */
  public static InfoDictionary parse(byte[] encoded) {
    Fields f = fields(Bencode.decodeDict(encoded));
    return new InfoDictionary(f.name, f.length, f.pieceLength, f.pieces, f.sha1, encoded);
  }

  private record Fields(String name, long length, int pieceLength, byte[] pieces, byte[] sha1) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Fields f && name.equals(f.name) && length == f.length
          && pieceLength == f.pieceLength && Arrays.equals(pieces, f.pieces)
          && Arrays.equals(sha1, f.sha1);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, length, pieceLength, Arrays.hashCode(pieces));
    }
  }

  private static Fields fields(BDict dict) {
    if (dict.get("files").isPresent()) {
      throw new MetainfoException("multi-file torrents are not supported; share one file");
    }
    if (integer(dict, "private") != 1) throw new MetainfoException("private must be 1");
    long pieceLength = integer(dict, "piece length");
    checkPieceLength(pieceLength);
    return new Fields(
        FileName.check(bytes(dict, "name")),
        integer(dict, "length"),
        (int) pieceLength,
        bytes(dict, "pieces"),
        bytes(dict, "sha1"));
  }

  private static long integer(BDict dict, String key) {
    if (dict.get(key).orElse(null) instanceof BInt i) return i.value();
    throw new MetainfoException("info dictionary needs an integer '" + key + "'");
  }

  private static byte[] bytes(BDict dict, String key) {
    if (dict.get(key).orElse(null) instanceof BBytes b) return b.bytes();
    throw new MetainfoException("info dictionary needs a string '" + key + "'");
  }

  static void checkPieceLength(long pieceLength) {
    if (pieceLength < MIN_PIECE_LENGTH || pieceLength > MAX_PIECE_LENGTH
        || Long.bitCount(pieceLength) != 1) {
      throw new MetainfoException(
          "piece length must be a power of two from 16 KiB to 16 MiB, not " + pieceLength);
    }
  }

  private static long pieceCount(long length, int pieceLength) {
    return length / pieceLength + (length % pieceLength == 0 ? 0 : 1);
  }

  public int pieceCount() {
    return pieces.length / Sha1.LENGTH;
  }

  public long pieceOffset(int piece) {
    checkPiece(piece);
    return (long) piece * pieceLength;
  }

  /** Every piece is {@code pieceLength} bytes except the last, which holds what remains. */
  public int pieceSize(int piece) {
    return (int) Math.min(pieceLength, length - pieceOffset(piece));
  }

  public byte[] pieceHash(int piece) {
    checkPiece(piece);
    return Arrays.copyOfRange(pieces, piece * Sha1.LENGTH, (piece + 1) * Sha1.LENGTH);
  }

  private void checkPiece(int piece) {
    if (piece < 0 || piece >= pieceCount()) {
      throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount());
    }
  }

  public byte[] infoHash() {
    return Sha1.of(encoded);
  }

  /** Lower-case hex, the form the tracker API uses. */
  public String infoHashHex() {
    return HexFormat.of().formatHex(infoHash());
  }

  /**
   * A complete .torrent ({@code announce} + {@code info}) with the info bytes embedded verbatim, so
   * a stock BitTorrent client computes the same info-hash.
   */
  public byte[] torrentFile(String announceUrl) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("d8:announce".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(Bencode.encode(BBytes.of(announceUrl)));
    out.writeBytes("4:info".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(encoded);
    out.write('e');
    return out.toByteArray();
  }

  @Override
  public byte[] pieces() {
    return pieces.clone();
  }

  @Override
  public byte[] fileSha1() {
    return fileSha1.clone();
  }

  @Override
  public byte[] encoded() {
    return encoded.clone();
  }

  /** Two dictionaries are equal when their bytes are, i.e. when their info-hashes are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof InfoDictionary other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "InfoDictionary[" + name + ", " + length + " bytes, " + pieceCount() + " pieces of "
        + pieceLength + ", " + infoHashHex() + "]";
  }
}
