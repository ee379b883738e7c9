package p2pshare.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;
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
