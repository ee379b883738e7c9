package p2pshare.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import p2pshare.wire.PeerMessage.*;

/** Byte-exact codec tests: correct, insufficient, invalid and bad-declared-length data. */
class WireCodecTest {

  private static final HexFormat HEX = HexFormat.of();

  static final Handshake HANDSHAKE = Handshake.of(filled(20, 0xA0), filled(20, 0xB0));

  /** 19, "BitTorrent protocol", reserved with 0x10 in byte 5 and 0x04 in byte 7, hash, peer id. */
  static final String HANDSHAKE_HEX =
      "13" + "426974546f7272656e742070726f746f636f6c" + "0000000000100004"
          + "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3"
          + "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3";

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of(new KeepAlive(), "00000000"),
        Arguments.of(new Choke(), "00000001" + "00"),
        Arguments.of(new Unchoke(), "00000001" + "01"),
        Arguments.of(new Interested(), "00000001" + "02"),
        Arguments.of(new NotInterested(), "00000001" + "03"),
        Arguments.of(new Have(0x01020304), "00000005" + "04" + "01020304"),
        Arguments.of(new Bitfield(new byte[] {(byte) 0xff, (byte) 0x80}), "00000003" + "05ff80"),
        Arguments.of(new Bitfield(new byte[0]), "00000001" + "05"),
        Arguments.of(new Request(1, 0x4000, 0x4000), "0000000d" + "06" + "00000001000040000000" + "4000"),
        Arguments.of(new Piece(2, 16, Buffer.buffer("abc")), "0000000c" + "07" + "0000000200000010" + "616263"),
        Arguments.of(new Piece(0, 0, Buffer.buffer()), "00000009" + "07" + "0000000000000000"),
        Arguments.of(new Cancel(1, 2, 3), "0000000d" + "08" + "000000010000000200000003"),
        Arguments.of(new Port(6881), "00000003" + "09" + "1ae1"),
        Arguments.of(new SuggestPiece(5), "00000005" + "0d" + "00000005"),
        Arguments.of(new HaveAll(), "00000001" + "0e"),
        Arguments.of(new HaveNone(), "00000001" + "0f"),
        Arguments.of(new RejectRequest(1, 2, 3), "0000000d" + "10" + "000000010000000200000003"),
        Arguments.of(new AllowedFast(7), "00000005" + "11" + "00000007"),
        Arguments.of(new Extended(3, Buffer.buffer("xy")), "00000004" + "14" + "03" + "7879"));
  }

  @Test
  void handshakeEncodesByteExact() {
    assertEquals(HANDSHAKE_HEX, HEX.formatHex(WireEncoder.encode(HANDSHAKE).getBytes()));
    assertTrue(HANDSHAKE.supportsExtensions());
    assertTrue(HANDSHAKE.supportsFast());
  }

  @Test
  void handshakeDecodesFromEveryPrefix() {
    byte[] bytes = HEX.parseHex(HANDSHAKE_HEX);
    for (int n = 0; n < bytes.length; n++) {
      WireDecoder decoder = new WireDecoder();
      decoder.feed(Buffer.buffer(bytes).slice(0, n));
      assertNull(decoder.handshake(), "prefix " + n);
      decoder.feed(Buffer.buffer(bytes).slice(n, bytes.length));
      assertEquals(HANDSHAKE, decoder.handshake());
      assertTrue(decoder.handshakeDone());
      assertEquals(0, decoder.buffered());
    }
  }

  @Test
  void plainHandshakeAnnouncesNoExtensions() {
    Handshake plain = new Handshake(new byte[8], filled(20, 1), filled(20, 2));
    assertFalse(plain.supportsExtensions());
    assertFalse(plain.supportsFast());
  }

  @Test
  void handshakeWithWrongProtocolIsRejected() {
    WireDecoder shortName = new WireDecoder();
    shortName.feed(Buffer.buffer(new byte[] {18}));
    assertThrows(ProtocolException.class, shortName::handshake);

    byte[] bytes = HEX.parseHex(HANDSHAKE_HEX);
    bytes[5] = 'X';
    WireDecoder wrongName = new WireDecoder();
    wrongName.feed(Buffer.buffer(bytes));
    assertThrows(ProtocolException.class, wrongName::handshake);
  }

  @Test
  void handshakeFieldsHaveFixedSizes() {
    assertThrows(IllegalArgumentException.class,
        () -> new Handshake(new byte[7], filled(20, 0), filled(20, 0)));
    assertThrows(IllegalArgumentException.class,
        () -> new Handshake(new byte[8], filled(19, 0), filled(20, 0)));
    assertThrows(IllegalArgumentException.class,
        () -> new Handshake(new byte[8], filled(20, 0), filled(21, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void encodesByteExact(PeerMessage message, String hex) {
    assertEquals(hex, HEX.formatHex(WireEncoder.encode(message).getBytes()));
    assertEquals(hex.length() / 2, WireEncoder.frameLength(message));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void decodesFromOneChunk(PeerMessage message, String hex) {
    WireDecoder decoder = afterHandshake();
    decoder.feed(Buffer.buffer(HEX.parseHex(hex)));
    assertEquals(message, decoder.next());
    assertNull(decoder.next());
    assertEquals(0, decoder.buffered());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void everyStrictPrefixNeedsMoreBytes(PeerMessage message, String hex) {
    byte[] bytes = HEX.parseHex(hex);
    for (int n = 0; n < bytes.length; n++) {
      WireDecoder decoder = afterHandshake();
      decoder.feed(Buffer.buffer(bytes).slice(0, n));
      assertNull(decoder.next(), "prefix " + n);
      assertEquals(n, decoder.buffered());
    }
  }

  @Test
  void everySplitPointOfAWholeStreamDecodesTheSame() {
    Buffer stream = WireEncoder.encode(HANDSHAKE);
    List<PeerMessage> expected = new ArrayList<>();
    messages().forEach(args -> {
      PeerMessage m = (PeerMessage) args.get()[0];
      expected.add(m);
      stream.appendBuffer(WireEncoder.encode(m));
    });
    for (int a = 0; a <= stream.length(); a++) {
      for (int b = a; b <= stream.length(); b += 7) {
        WireDecoder decoder = new WireDecoder();
        List<PeerMessage> got = new ArrayList<>();
        Handshake[] handshake = new Handshake[1];
        for (Buffer chunk : List.of(stream.slice(0, a), stream.slice(a, b),
            stream.slice(b, stream.length()))) {
          decoder.feed(chunk);
          if (!decoder.handshakeDone()) handshake[0] = decoder.handshake();
          if (decoder.handshakeDone()) {
            for (PeerMessage m; (m = decoder.next()) != null; ) got.add(m);
          }
        }
        assertEquals(HANDSHAKE, handshake[0]);
        assertEquals(expected, got, "split at " + a + ", " + b);
        assertEquals(0, decoder.buffered());
      }
    }
  }

  @Test
  void oneByteAtATimeDecodesTheSame() {
    Buffer stream = WireEncoder.encode(new Have(9)).appendBuffer(
        WireEncoder.encode(new Piece(1, 2, Buffer.buffer("hello"))));
    WireDecoder decoder = afterHandshake();
    List<PeerMessage> got = new ArrayList<>();
    for (int i = 0; i < stream.length(); i++) {
      decoder.feed(stream.slice(i, i + 1));
      for (PeerMessage m; (m = decoder.next()) != null; ) got.add(m);
    }
    assertEquals(List.of(new Have(9), new Piece(1, 2, Buffer.buffer("hello"))), got);
  }

  @Test
  void pieceHeaderPlusBlockEqualsTheEncodedPiece() {
    Buffer block = Buffer.buffer("block bytes");
    assertEquals(
        WireEncoder.encode(new Piece(3, 32, block)),
        WireEncoder.pieceHeader(3, 32, block.length()).appendBuffer(block));
    assertEquals(WireEncoder.PIECE_HEADER_LENGTH, WireEncoder.pieceHeader(3, 32, 5).length());
  }

  @Test
  void blockIsSlicedFromTheChunkNotCopied() {
    Buffer chunk = WireEncoder.encode(new Piece(0, 0, Buffer.buffer("abc")));
    WireDecoder decoder = afterHandshake();
    decoder.feed(chunk);
    Piece piece = (Piece) decoder.next();
    chunk.setByte(13, (byte) 'z');
    assertEquals("zbc", piece.block().toString());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"000000010a", "000000010c", "0000000112", "0000000113", "00000001ff",
      "0000000515ffffffff"})
  void unknownIdsAreRejected(String hex) {
    assertRejected(hex);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "0000000200", "0000000201", "0000000202", "0000000203", "000000020e", "000000020f",
      "0000000404", "0000000604", "000000040d", "0000000611",
      "0000000c06", "0000000e06", "0000000c08", "0000000e08", "0000000c10", "0000000e10",
      "0000000209", "0000000409",
      "0000000807", "0000400a07", "7fffffff07", "8000000007", "ffffffff07",
      "0010000205", "ffffffff05", "0000000114", "0010000314", "8000000014"})
  void badDeclaredLengthIsRejectedFromTheHeaderAlone(String header) {
    // only the 5 header bytes are fed: the frame must be refused before it is buffered
    assertRejected(header);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "0000000504ffffffff", "0000000d06ffffffff0000000000000001",
      "0000000d06" + "00000000" + "80000000" + "00000001", "0000000d06000000000000000000000000",
      "0000000d0800000000000000008fffffff", "0000000d1000000000ffffffff00000001",
      "0000000907ffffffff00000000", "000000090700000000ffffffff",
      "000000050dffffffff", "0000000511ffffffff"})
  void negativeOrZeroValuesAreRejected(String hex) {
    assertRejected(hex);
  }

  @Test
  void limitsAreConfigurable() {
    Buffer bigBlock = WireEncoder.encode(new Piece(0, 0, Buffer.buffer(new byte[32 * 1024])));
    WireDecoder strict = afterHandshake();
    strict.feed(bigBlock);
    assertThrows(ProtocolException.class, strict::next);

    WireDecoder lenient = new WireDecoder(new WireLimits(32 * 1024, 16));
    lenient.feed(WireEncoder.encode(HANDSHAKE).appendBuffer(bigBlock));
    lenient.handshake();
    assertEquals(32 * 1024, ((Piece) lenient.next()).block().length());
    lenient.feed(WireEncoder.encode(new Bitfield(new byte[17])));
    assertThrows(ProtocolException.class, lenient::next);
  }

  @Test
  void messagesBeforeTheHandshakeAreAProgrammingError() {
    assertThrows(IllegalStateException.class, () -> new WireDecoder().next());
  }

  @Test
  void constructorsRejectImpossibleValues() {
    assertThrows(IllegalArgumentException.class, () -> new Have(-1));
    assertThrows(IllegalArgumentException.class, () -> new Request(0, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Request(0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Cancel(-1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new RejectRequest(0, 0, -5));
    assertThrows(IllegalArgumentException.class, () -> new Piece(0, -1, Buffer.buffer()));
    assertThrows(IllegalArgumentException.class, () -> new Port(65536));
    assertThrows(IllegalArgumentException.class, () -> new Extended(256, Buffer.buffer()));
    assertThrows(IllegalArgumentException.class, () -> new SuggestPiece(-1));
    assertThrows(IllegalArgumentException.class, () -> new AllowedFast(-1));
    assertThrows(IllegalArgumentException.class, () -> WireEncoder.pieceHeader(0, -1, 1));
  }

  @Test
  void bitfieldReadsPiecesHighBitFirst() {
    Bitfield bits = new Bitfield(new byte[] {(byte) 0b1000_0001, 0b0100_0000});
    assertTrue(bits.has(0));
    assertFalse(bits.has(1));
    assertTrue(bits.has(7));
    assertTrue(bits.has(9));
    assertFalse(bits.has(16));
  }

  @Test
  void bitfieldConvertsToAndFromABitSetAndChecksItsSize() {
    BitSet held = new BitSet();
    held.set(0);
    held.set(9);
    held.set(10);
    Bitfield bits = Bitfield.of(held, 11);
    assertEquals("8060", HEX.formatHex(bits.bits()));
    assertEquals(held, bits.toBitSet());
    assertTrue(bits.validFor(11));
    assertTrue(bits.validFor(16));
    assertFalse(bits.validFor(17));
    assertFalse(bits.validFor(8));
    assertFalse(new Bitfield(new byte[] {0, 0x10}).validFor(11)); // spare bit 11 set
    assertTrue(new Bitfield(new byte[0]).validFor(0));
  }

  static WireDecoder afterHandshake() {
    WireDecoder decoder = new WireDecoder();
    decoder.feed(WireEncoder.encode(HANDSHAKE));
    assertEquals(HANDSHAKE, decoder.handshake());
    return decoder;
  }

  private static void assertRejected(String hex) {
    WireDecoder decoder = afterHandshake();
    decoder.feed(Buffer.buffer(HEX.parseHex(hex)));
    assertThrows(ProtocolException.class, decoder::next, hex);
  }

  static byte[] filled(int length, int first) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) out[i] = (byte) (first + i);
    return out;
  }
}
