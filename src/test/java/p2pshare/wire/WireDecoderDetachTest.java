package p2pshare.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import p2pshare.wire.PeerMessage.*;

/**
 * The decoder fed borrowed memory, as the engine feeds it Netty's pooled network buffers: each
 * chunk is decoded, its messages consumed at once, {@link WireDecoder#detach()} called, and the
 * chunk's bytes then overwritten (the pool reuses them). Nothing decoded later may change.
 */
class WireDecoderDetachTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The handshake and every message type, blocks long enough to span several chunks. */
  private static Buffer stream() {
    Buffer stream = WireEncoder.encode(WireCodecTest.HANDSHAKE);
    WireCodecTest.messages().forEach(a -> stream.appendBuffer(WireEncoder.encode((PeerMessage) a.get()[0])));
    stream.appendBuffer(WireEncoder.encode(new Piece(4, 0, Buffer.buffer(WireCodecTest.filled(40, 7)))));
    return stream.appendBuffer(WireEncoder.encode(new Have(3)));
  }

  /** Decodes {@code chunks} as borrowed memory; what it decoded, re-encoded on the spot. */
  private static Buffer decodeBorrowed(WireDecoder decoder, Buffer... chunks) {
    Buffer decoded = Buffer.buffer();
    for (Buffer original : chunks) {
      Buffer chunk = original.copy();
      decoder.feed(chunk);
      if (!decoder.handshakeDone()) {
        Handshake hs = decoder.handshake();
        if (hs != null) decoded.appendBuffer(WireEncoder.encode(hs));
      }
      if (decoder.handshakeDone()) {
        for (PeerMessage m; (m = decoder.next()) != null; ) decoded.appendBuffer(WireEncoder.encode(m));
      }
      decoder.detach();
      chunk.setBytes(0, new byte[chunk.length()]);
    }
    return decoded;
  }

  @Test
  void everySplitIntoThreeReusedChunksDecodesTheWholeStream() {
    Buffer stream = stream();
    int n = stream.length();
    for (int a = 0; a <= n; a++) {
      for (int b = a; b <= n; b++) {
        WireDecoder decoder = new WireDecoder();
        Buffer got = decodeBorrowed(decoder, stream.slice(0, a), stream.slice(a, b), stream.slice(b, n));
        assertEquals(stream, got, "split at " + a + ", " + b);
        assertEquals(0, decoder.buffered());
      }
    }
  }

  @Test
  void oneReusedByteAtATimeDecodesTheWholeStream() {
    Buffer stream = stream();
    Buffer[] bytes = new Buffer[stream.length()];
    for (int i = 0; i < bytes.length; i++) bytes[i] = stream.slice(i, i + 1);
    assertEquals(stream, decodeBorrowed(new WireDecoder(), bytes));
  }

  @Test
  void aStrictPrefixOfAFrameStaysBufferedAcrossDetaches() {
    Buffer frame = WireEncoder.encode(new Request(1, 0x4000, 0x4000));
    WireDecoder decoder = afterHandshake();
    for (int i = 0; i < frame.length() - 1; i++) {
      assertEquals(0, decodeBorrowed(decoder, frame.slice(i, i + 1)).length());
      assertEquals(i + 1, decoder.buffered());
    }
    assertEquals(frame, decodeBorrowed(decoder, frame.slice(frame.length() - 1, frame.length())));
  }

  @Test
  void aFrameStartedBeforeADetachIsCompletedFromSeveralChunksFedAfterIt() {
    Buffer stream = WireEncoder.encode(new Piece(2, 0, Buffer.buffer(WireCodecTest.filled(40, 3))))
        .appendBuffer(WireEncoder.encode(new Have(9)));
    WireDecoder decoder = afterHandshake();
    assertEquals(0, decodeBorrowed(decoder, stream.slice(0, 10)).length());
    // Two chunks before any decoding; the piece ends inside the second, the HAVE follows it.
    decoder.feed(stream.slice(10, 20).copy());
    decoder.feed(stream.slice(20, stream.length()).copy());
    Buffer decoded = WireEncoder.encode(decoder.next()).appendBuffer(WireEncoder.encode(decoder.next()));
    assertEquals(stream, decoded);
    assertNull(decoder.next());
    assertEquals(0, decoder.buffered());
  }

  /**
   * The engine's case: 128 KiB blocks arriving in network reads of any size, so that nearly every
   * read ends inside a block and the decoder's carry-over array is reused read after read; a
   * 600 KiB extension message and a bitfield larger than a piece frame pass through it in the
   * middle (it grows for them, then goes back to a piece frame's size). Every byte must survive.
   */
  @Test
  void largeBlocksSplitAtRandomReadsDecodeUnchangedAsTheCarryOverIsReused() {
    Buffer stream = WireEncoder.encode(WireCodecTest.HANDSHAKE);
    for (int piece = 0; piece < 24; piece++) {
      stream.appendBuffer(WireEncoder.encode(block(piece, LARGE_BLOCK)));
      stream.appendBuffer(WireEncoder.encode(new Have(piece)));
      if (piece == 8) stream.appendBuffer(WireEncoder.encode(extension(600 * 1024)));
      if (piece == 15) stream.appendBuffer(WireEncoder.encode(bitfield(200 * 1024)));
    }
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      List<Buffer> reads = new ArrayList<>();
      for (int at = 0; at < stream.length(); ) {
        int n = random.nextBoolean() ? 1 + random.nextInt(16) : 1 + random.nextInt(300 * 1024);
        n = Math.min(stream.length() - at, n);
        reads.add(stream.slice(at, at + n));
        at += n;
      }
      WireDecoder decoder = new WireDecoder(LARGE_BLOCKS);
      Buffer decoded = decodeBorrowed(decoder, reads.toArray(Buffer[]::new));
      assertEquals(stream, decoded, "reads of seed " + seed);
      assertEquals(0, decoder.buffered());
    }
  }

  @Test
  void theCarryOverGrowsForALargeMessageThenGoesBackToAPieceFrame() {
    int pieceFrame = 4 + 9 + LARGE_BLOCK;
    Buffer piece = WireEncoder.encode(block(1, LARGE_BLOCK));
    Buffer extended = WireEncoder.encode(extension(600 * 1024));
    int half = 300 * 1024;
    WireDecoder decoder = new WireDecoder(LARGE_BLOCKS);
    decodeBorrowed(decoder, WireEncoder.encode(WireCodecTest.HANDSHAKE));

    assertEquals(0, decodeBorrowed(decoder, piece.slice(0, 100)).length());
    assertEquals(pieceFrame, decoder.carryBytes(), "a split piece gets room for all of it");

    Buffer pieceRest = piece.slice(100, piece.length());
    assertEquals(piece, decodeBorrowed(decoder, pieceRest, extended.slice(0, half)));
    assertEquals(half, decoder.carryBytes(), "grown for the start of the large message");

    Buffer rest = extended.slice(half, extended.length());
    assertEquals(extended, decodeBorrowed(decoder, rest, piece.slice(0, 100)));
    assertEquals(pieceFrame, decoder.carryBytes(), "back to a piece frame after the large message");
    assertEquals(piece, decodeBorrowed(decoder, pieceRest));
  }

  @Test
  void trimLetsGoOfTheCarryOverOnlyWhenItHoldsNothing() {
    Buffer piece = WireEncoder.encode(block(1, 40));
    WireDecoder decoder = afterHandshake();
    decodeBorrowed(decoder, piece.slice(0, 20));
    int carrying = decoder.carryBytes();
    decoder.trim();
    assertTrue(carrying >= piece.length());
    assertEquals(carrying, decoder.carryBytes(), "the start of a piece is still carried");
    assertEquals(piece, decodeBorrowed(decoder, piece.slice(20, piece.length())));
    decoder.trim();
    assertEquals(0, decoder.carryBytes());
    Buffer second = piece.slice(20, piece.length());
    assertEquals(piece, decodeBorrowed(decoder, piece.slice(0, 20), second));
  }

  private static final int LARGE_BLOCK = 128 * 1024;
  /** The limits the engine gives connections to p2pshare peers: 128 KiB blocks. */
  private static final WireLimits LARGE_BLOCKS = new WireLimits(LARGE_BLOCK, 1024 * 1024);

  private static Piece block(int piece, int length) {
    return new Piece(piece, 0, Buffer.buffer(WireCodecTest.filled(length, piece * 7)));
  }

  private static Bitfield bitfield(int length) {
    return new Bitfield(WireCodecTest.filled(length, 9));
  }

  private static Extended extension(int length) {
    return new Extended(3, Buffer.buffer(WireCodecTest.filled(length, 5)));
  }

  @Test
  void detachWithNothingBufferedKeepsNothing() {
    WireDecoder decoder = afterHandshake();
    decoder.detach();
    assertEquals(0, decoder.buffered());
    assertNull(decoder.next());
  }

  @Test
  void aBadDeclaredLengthIsRejectedOnceItsHeaderArrivesInReusedChunks() {
    // A piece declaring 1 MiB + 9 bytes (blocks are at most 16 KiB): refused from its header.
    WireDecoder decoder = afterHandshake();
    decodeBorrowed(decoder, Buffer.buffer(HEX.parseHex("0010")));
    decodeBorrowed(decoder, Buffer.buffer(HEX.parseHex("00")));
    decoder.feed(Buffer.buffer(HEX.parseHex("0907")));
    assertThrows(ProtocolException.class, decoder::next);
  }

  @Test
  void anUnknownMessageIdIsRejectedAfterADetach() {
    WireDecoder decoder = afterHandshake();
    decodeBorrowed(decoder, Buffer.buffer(HEX.parseHex("000000")));
    decoder.feed(Buffer.buffer(HEX.parseHex("01ff")));
    assertThrows(ProtocolException.class, decoder::next);
  }

  private static WireDecoder afterHandshake() {
    WireDecoder decoder = new WireDecoder();
    decodeBorrowed(decoder, WireEncoder.encode(WireCodecTest.HANDSHAKE));
    return decoder;
  }
}
