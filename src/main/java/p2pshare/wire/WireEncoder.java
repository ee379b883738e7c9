package p2pshare.wire;

import static p2pshare.wire.MessageId.*;

import io.vertx.core.buffer.Buffer;
import p2pshare.wire.PeerMessage.*;

/** Writes handshakes and messages in their wire form (layouts in {@link PeerMessage}). */
public final class WireEncoder {

  /** Length prefix, id, piece index and begin: what precedes a block's bytes. */
  public static final int PIECE_HEADER_LENGTH = 13;

  private WireEncoder() {}

  public static Buffer encode(Handshake handshake) {
    return Buffer.buffer(Handshake.LENGTH)
        .appendByte((byte) Handshake.PROTOCOL.length)
        .appendBytes(Handshake.PROTOCOL)
        .appendBytes(handshake.reserved())
        .appendBytes(handshake.infoHash())
        .appendBytes(handshake.peerId());
  }

  public static Buffer encode(PeerMessage message) {
    Buffer out = Buffer.buffer(frameLength(message));
    encode(message, out);
    return out;
  }

  /** Appends the message's frame to {@code out}, e.g. to batch several messages in one write. */
  public static void encode(PeerMessage message, Buffer out) {
    switch (message) {
      case KeepAlive k -> out.appendInt(0);
      case Choke c -> bare(out, CHOKE);
      case Unchoke u -> bare(out, UNCHOKE);
      case Interested i -> bare(out, INTERESTED);
      case NotInterested n -> bare(out, NOT_INTERESTED);
      case Have h -> out.appendInt(5).appendByte((byte) HAVE).appendInt(h.piece());
      case Bitfield b -> {
        byte[] bits = b.bits();
        out.appendInt(1 + bits.length).appendByte((byte) BITFIELD).appendBytes(bits);
      }
      case Request r -> block(out, REQUEST, r.piece(), r.begin(), r.length());
      case Piece p -> out.appendBuffer(pieceHeader(p.piece(), p.begin(), p.block().length()))
          .appendBuffer(p.block());
      case Cancel c -> block(out, CANCEL, c.piece(), c.begin(), c.length());
      case Port p -> out.appendInt(3).appendByte((byte) PORT).appendUnsignedShort(p.port());
      case SuggestPiece s -> out.appendInt(5).appendByte((byte) SUGGEST_PIECE).appendInt(s.piece());
      case HaveAll h -> bare(out, HAVE_ALL);
      case HaveNone h -> bare(out, HAVE_NONE);
      case RejectRequest r -> block(out, REJECT_REQUEST, r.piece(), r.begin(), r.length());
      case AllowedFast a -> out.appendInt(5).appendByte((byte) ALLOWED_FAST).appendInt(a.piece());
      case Extended e -> out.appendInt(2 + e.payload().length()).appendByte((byte) EXTENDED)
          .appendByte((byte) e.extendedId()).appendBuffer(e.payload());
    }
  }

  /**
   * The 13-byte header of a piece message carrying {@code length} block bytes; the sender writes
   * it and then the block itself, e.g. with {@code NetSocket.sendFile}, without copying the block.
   */
  public static Buffer pieceHeader(int piece, int begin, int length) {
    if (piece < 0 || begin < 0 || length < 0 || length > Integer.MAX_VALUE - 9) {
      throw new IllegalArgumentException("bad piece header " + piece + "/" + begin + "/" + length);
    }
    return Buffer.buffer(PIECE_HEADER_LENGTH)
        .appendInt(9 + length).appendByte((byte) PIECE).appendInt(piece).appendInt(begin);
  }

  /** The number of bytes {@link #encode(PeerMessage)} produces, length prefix included. */
  public static int frameLength(PeerMessage message) {
    return 4 + switch (message) {
      case KeepAlive k -> 0;
      case Choke c -> 1;
      case Unchoke u -> 1;
      case Interested i -> 1;
      case NotInterested n -> 1;
      case Have h -> 5;
      case Bitfield b -> 1 + b.bits().length;
      case Request r -> 13;
      case Piece p -> 9 + p.block().length();
      case Cancel c -> 13;
      case Port p -> 3;
      case SuggestPiece s -> 5;
      case HaveAll h -> 1;
      case HaveNone h -> 1;
      case RejectRequest r -> 13;
      case AllowedFast a -> 5;
      case Extended e -> 2 + e.payload().length();
    };
  }

  private static void bare(Buffer out, int id) {
    out.appendInt(1).appendByte((byte) id);
  }

  private static void block(Buffer out, int id, int piece, int begin, int length) {
    out.appendInt(13).appendByte((byte) id).appendInt(piece).appendInt(begin).appendInt(length);
  }
}
