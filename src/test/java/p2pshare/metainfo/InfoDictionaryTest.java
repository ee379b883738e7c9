package p2pshare.metainfo;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InfoDictionaryTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final int KIB16 = 16 * 1024;

  /**
   * Test vector made at test-writing time with /usr/bin/python3: the info dict of a file holding
   * "hello world\n" (12 bytes), name hello.txt, piece length 16384, built by hand-bencoding with
   * hashlib.sha1 for pieces/sha1; its info-hash from hashlib.sha1(info) and confirmed by
   * libtorrent 2.0.8 (lt.torrent_info(...).info_hashes().v1) loading a .torrent around it.
   */
  private static final String HELLO_INFO_HEX =
      "64363a6c656e67746869313265343a6e616d65393a68656c6c6f2e74787431323a7069656365206c656e677468"
          + "69313633383465363a70696563657332303a22596363b3de40b06f981fb85d82312e8c0ed511373a707269"
          + "76617465693165343a7368613132303a22596363b3de40b06f981fb85d82312e8c0ed51165";

  private static final String HELLO_INFO_HASH = "37160dc93cf2f4a91fa920d17e48cb6f22ee3a0e";

  private static InfoDictionary hello() {
    byte[] sha1 = Sha1.of("hello world\n".getBytes(UTF_8));
    return InfoDictionary.of("hello.txt", 12, KIB16, sha1, sha1);
  }

  @Test
  void builtDictionaryMatchesAnIndependentlyComputedVector() {
    InfoDictionary info = hello();
    assertEquals(HELLO_INFO_HEX, HEX.formatHex(info.encoded()));
    assertEquals(HELLO_INFO_HASH, info.infoHashHex());
    assertArrayEquals(HEX.parseHex(HELLO_INFO_HASH), info.infoHash());
  }

  @Test
  void parsedDictionaryEqualsTheBuiltOne() {
    InfoDictionary parsed = InfoDictionary.parse(HEX.parseHex(HELLO_INFO_HEX));
    assertEquals(hello(), parsed);
    assertEquals("hello.txt", parsed.name());
    assertEquals(12, parsed.length());
    assertEquals(KIB16, parsed.pieceLength());
    assertEquals(1, parsed.pieceCount());
    assertEquals(12, parsed.pieceSize(0));
    assertArrayEquals(Sha1.of("hello world\n".getBytes(UTF_8)), parsed.fileSha1());
  }

  @Test
  void infoHashCoversTheExactBytesThatArrivedIncludingUnknownKeys() {
    String hello = new String(HEX.parseHex(HELLO_INFO_HEX), ISO_8859_1);
    // an extra key another tool might add; it sorts last, so the input stays canonical
    byte[] withExtra = (hello.substring(0, hello.length() - 1) + "6:sourcei7ee")
        .getBytes(ISO_8859_1);
    InfoDictionary parsed = InfoDictionary.parse(withExtra);
    assertArrayEquals(withExtra, parsed.encoded());
    assertArrayEquals(Sha1.of(withExtra), parsed.infoHash());
    assertNotEquals(hello().infoHashHex(), parsed.infoHashHex());
    assertEquals(hello().name(), parsed.name());
  }

  @Test
  void pieceGeometryHasAShorterLastPiece() {
    long length = 3L * KIB16 + 5;
    InfoDictionary info =
        InfoDictionary.of("f", length, KIB16, hashes(4), new byte[20]);
    assertEquals(4, info.pieceCount());
    assertEquals(2L * KIB16, info.pieceOffset(2));
    assertEquals(KIB16, info.pieceSize(2));
    assertEquals(5, info.pieceSize(3));
    assertArrayEquals(Arrays.copyOfRange(hashes(4), 60, 80), info.pieceHash(3));
    assertThrows(IndexOutOfBoundsException.class, () -> info.pieceSize(4));
    assertThrows(IndexOutOfBoundsException.class, () -> info.pieceHash(-1));
  }

  @Test
  void emptyFileHasNoPieces() {
    InfoDictionary info = InfoDictionary.of("empty", 0, KIB16, new byte[0], new byte[20]);
    assertEquals(0, info.pieceCount());
    assertEquals(info, InfoDictionary.parse(info.encoded()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/b", "a\\b", "a\u0000b", "tab\there", "del\u007f", ".", "..",
      "", "/etc/passwd", "CON", "nul.txt", "Com1", "lpt9.tar.gz", "aux"})
  void unsafeNamesAreRejected(String name) {
    assertThrows(MetainfoException.class,
        () -> InfoDictionary.of(name, 1, KIB16, hashes(1), new byte[20]));
    byte[] encoded = withName(name);
    assertThrows(MetainfoException.class, () -> InfoDictionary.parse(encoded));
  }

  @Test
  void namesUpTo255Utf8BytesAreAllowed() {
    String longest = "é".repeat(127) + "x";
    assertEquals(255, longest.getBytes(UTF_8).length);
    assertEquals(longest, InfoDictionary.parse(withName(longest)).name());
    assertThrows(MetainfoException.class, () -> InfoDictionary.parse(withName(longest + "x")));
  }

  @Test
  void invalidUtf8NameIsRejected() {
    byte[] encoded = Bencode.encode(dict(Map.of("name", new BBytes(new byte[] {(byte) 0xC3}))));
    MetainfoException e = assertThrows(MetainfoException.class,
        () -> InfoDictionary.parse(encoded));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void wrongPiecesLengthIsRejected() {
    assertThrows(MetainfoException.class,
        () -> InfoDictionary.of("f", KIB16 + 1, KIB16, hashes(1), new byte[20]));
    assertThrows(MetainfoException.class,
        () -> InfoDictionary.of("f", KIB16, KIB16, hashes(2), new byte[20]));
    assertThrows(MetainfoException.class,
        () -> InfoDictionary.parse(Bencode.encode(dict(Map.of("pieces", new BBytes(new byte[19]))))));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 8192, 16385, 3 * 16384, 32 * 1024 * 1024})
  void pieceLengthMustBeAPowerOfTwoFrom16KiBTo16MiB(int pieceLength) {
    assertThrows(MetainfoException.class,
        () -> InfoDictionary.parse(
            Bencode.encode(dict(Map.of("piece length", new BInt(pieceLength))))));
  }

  @Test
  void missingOrMistypedFieldsAreRejected() {
    for (String key : new String[] {"name", "length", "piece length", "pieces", "private", "sha1"}) {
      BDict full = dict(Map.of());
      TreeMap<String, BValue> entries = new TreeMap<>(full.entries());
      entries.remove(key);
      assertThrows(MetainfoException.class,
          () -> InfoDictionary.parse(Bencode.encode(new BDict(entries))), key);
      entries.put(key, new BList(List.of()));
      assertThrows(MetainfoException.class,
          () -> InfoDictionary.parse(Bencode.encode(new BDict(entries))), key);
    }
    assertThrows(MetainfoException.class,
        () -> InfoDictionary.parse(Bencode.encode(dict(Map.of("private", new BInt(0))))));
    assertThrows(MetainfoException.class,
        () -> InfoDictionary.parse(Bencode.encode(dict(Map.of("files", new BList(List.of()))))));
    assertThrows(MetainfoException.class,
        () -> InfoDictionary.parse(Bencode.encode(dict(Map.of("length", new BInt(-1))))));
    assertThrows(MetainfoException.class,
        () -> InfoDictionary.parse(Bencode.encode(dict(Map.of("sha1", new BBytes(new byte[21]))))));
  }

  @Test
  void constructorRefusesBytesThatDisagreeWithTheFields() {
    InfoDictionary info = hello();
    assertThrows(MetainfoException.class, () -> new InfoDictionary("other.txt", info.length(),
        info.pieceLength(), info.pieces(), info.fileSha1(), info.encoded()));
  }

  @Test
  void torrentFileEmbedsTheInfoBytesVerbatim() {
    InfoDictionary info = hello();
    byte[] torrent = info.torrentFile("http://127.0.0.1:1/announce");
    BDict decoded = Bencode.decodeDict(torrent);
    assertEquals(BBytes.of("http://127.0.0.1:1/announce"), decoded.get("announce").orElseThrow());
    BDict embedded = (BDict) decoded.get("info").orElseThrow();
    assertArrayEquals(info.encoded(), embedded.source());
  }

  /** A valid one-piece dictionary with some entries replaced. */
  private static BDict dict(Map<String, BValue> overrides) {
    TreeMap<String, BValue> entries = new TreeMap<>(
        Bencode.decodeDict(hello().encoded()).entries());
    entries.putAll(overrides);
    return new BDict(entries);
  }

  private static byte[] withName(String name) {
    return Bencode.encode(dict(Map.of("name", BBytes.of(name))));
  }

  private static byte[] hashes(int count) {
    byte[] out = new byte[count * 20];
    for (int i = 0; i < out.length; i++) out[i] = (byte) i;
    return out;
  }
}
