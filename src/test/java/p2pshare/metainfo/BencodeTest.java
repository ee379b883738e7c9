package p2pshare.metainfo;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BencodeTest {

  private static BValue decode(String ascii) {
    return Bencode.decode(ascii.getBytes(ISO_8859_1));
  }

  private static String encode(BValue value) {
    return new String(Bencode.encode(value), ISO_8859_1);
  }

  @Test
  void decodesEveryKindOfValue() {
    BValue value = decode("d3:agei-42e4:listli1e0:e4:name4:spame");
    assertEquals(
        new BDict(
            Map.of(
                "age", new BInt(-42),
                "list", new BList(List.of(new BInt(1), BBytes.of(""))),
                "name", BBytes.of("spam"))),
        value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "i0e", "i-1e", "i9223372036854775807e", "i-9223372036854775808e", "0:", "4:spam",
        "le", "de", "lli1eee", "d1:ad1:bleee", "d0:i1e1:ai2ee"
      })
  void reencodingAValidInputGivesTheSameBytes(String input) {
    assertEquals(input, encode(decode(input)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "i03e|1|leading zero",
        "i-0e|2|-0",
        "i-e|2|without digits",
        "ie|1|without digits",
        "i12|3|not terminated",
        "i9223372036854775808e|1|beyond 64 bits",
        "i-9223372036854775809e|2|beyond 64 bits",
        "i1x|2|not terminated",
        "03:abc|0|leading zero",
        "4:abc|2|only 3 remain",
        "4abcd|1|not followed by ':'",
        "99999999999999999999:a|0|beyond 64 bits",
        "d1:bi1e1:ai2ee|7|ascending",
        "d1:ai1e1:ai2ee|7|ascending",
        "di1ei2ee|1|not a string",
        "d1:a|4|ends where a value",
        "d1:ae|4|unexpected byte",
        "l|1|ends inside",
        "li1e|4|ends inside",
        "|0|ends where a value",
        "i1ei2e|3|trailing",
        "x|0|unexpected byte",
        "-1:|0|unexpected byte"
      })
  void rejectsNonCanonicalOrBrokenInput(String input, int offset, String reason) {
    BencodeException e =
        assertThrows(BencodeException.class, () -> decode(input == null ? "" : input));
    assertEquals(offset, e.offset(), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void nestingIsLimited() {
    String deepest = "l".repeat(Bencode.MAX_DEPTH + 1) + "e".repeat(Bencode.MAX_DEPTH + 1);
    assertEquals(deepest, encode(decode(deepest)));
    String tooDeep = "l" + deepest + "e";
    BencodeException e = assertThrows(BencodeException.class, () -> decode(tooDeep));
    assertEquals(Bencode.MAX_DEPTH + 1, e.offset());
  }

  @Test
  void aHugeDeclaredStringLengthFailsWithoutAllocating() {
    BencodeException e =
        assertThrows(BencodeException.class, () -> decode("2147483647:abc"));
    assertTrue(e.getMessage().contains("only 3 remain"), e.getMessage());
  }

  @Test
  void encodingSortsKeysAsRawBytes() {
    // 0xC3 (first byte of UTF-8 'é') sorts after every ASCII byte, and "a" before "ab"
    BDict dict =
        new BDict(
            Map.of(
                new String("é".getBytes(UTF_8), ISO_8859_1),
                new BInt(3),
                "ab", new BInt(2),
                "a", new BInt(1),
                "B", new BInt(0)));
    byte[] expected =
        "d1:Bi0e1:ai1e2:abi2e2:\u00c3\u00a9i3ee".getBytes(ISO_8859_1);
    assertArrayEquals(expected, Bencode.encode(dict));
    assertEquals(dict, Bencode.decode(expected));
  }

  @Test
  void decodedDictionariesKeepTheirExactSourceBytes() {
    byte[] input = "d5:innerd1:xi1ee5:outer3:abce".getBytes(US_ASCII);
    BDict outer = Bencode.decodeDict(input);
    assertArrayEquals(input, outer.source());
    BDict inner = (BDict) outer.get("inner").orElseThrow();
    assertArrayEquals("d1:xi1ee".getBytes(US_ASCII), inner.source());
    assertArrayEquals("d1:xi1ee".getBytes(US_ASCII), Bencode.encode(inner));
  }

  @Test
  void decodeDictRejectsOtherValues() {
    assertThrows(BencodeException.class, () -> Bencode.decodeDict("le".getBytes(US_ASCII)));
  }
}
