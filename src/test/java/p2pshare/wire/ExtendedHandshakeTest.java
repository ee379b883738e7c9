package p2pshare.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtendedHandshakeTest {

  private static final ExtendedHandshake OURS =
      new ExtendedHandshake(
          Map.of("ut_pex", 1), Optional.of("p2pshare 0.1"), OptionalInt.of(250),
          Optional.of("tok.sig"), OptionalInt.of(131072), OptionalInt.of(6881));

  @Test
  void encodesCanonicalBencode() {
    assertEquals(
        "d1:md6:ut_pexi1ee1:pi6881e14:p2pshare_blocki131072e14:p2pshare_token7:tok.sig"
            + "4:reqqi250e1:v12:p2pshare 0.1e",
        Buffer.buffer(OURS.encode()).toString());
  }

  @Test
  void roundTripsThroughTheExtendedMessage() {
    PeerMessage.Extended message = OURS.toMessage();
    assertEquals(ExtendedHandshake.ID, message.extendedId());
    assertEquals(OURS, ExtendedHandshake.decode(message.payload()));
  }

  @Test
  void minimalHandshakeHasOnlyAnEmptyMap() {
    ExtendedHandshake minimal =
        new ExtendedHandshake(Map.of(), Optional.empty(), OptionalInt.empty(), Optional.empty());
    assertEquals("d1:mdee", Buffer.buffer(minimal.encode()).toString());
    assertEquals(minimal, ExtendedHandshake.decode(Buffer.buffer("de")));
  }

  @Test
  void stockClientHandshakeDecodesIgnoringUnknownKeys() {
    // the shape libtorrent sends: extra keys, and a disabled extension (id 0)
    String payload =
        "d12:complete_agoi-1e1:md11:lt_donthavei7e10:share_modei8e11:upload_onlyi3e12:ut_holepunchi4e"
            + "11:ut_metadatai2e6:ut_pexi0ee13:metadata_sizei145e1:pi6881e4:reqqi500e11:upload_only"
            + "i1e1:v18:libtorrent/2.0.8.06:yourip4:\u007f\u0000\u0000\u0001e";
    ExtendedHandshake decoded = ExtendedHandshake.decode(Buffer.buffer(payload));
    assertEquals(2, decoded.extensions().get("ut_metadata"));
    assertEquals(0, decoded.extensions().get("ut_pex"));
    assertEquals(Optional.of("libtorrent/2.0.8.0"), decoded.client());
    assertEquals(OptionalInt.of(500), decoded.requestQueue());
    assertEquals(Optional.empty(), decoded.token());
    assertEquals(OptionalInt.empty(), decoded.maxBlock(), "16 KiB blocks only, as every client");
    assertEquals(OptionalInt.of(6881), decoded.listenPort());
  }

  @Test
  void mistypedOptionalFieldsAreTreatedAsAbsent() {
    ExtendedHandshake decoded = ExtendedHandshake.decode(Buffer.buffer(
        "d1:md1:ai300e1:bi-1e1:ci5ee1:pi65536e14:p2pshare_blocki-5e14:p2pshare_tokeni1e4:reqqi0e"
            + "1:vi3ee"));
    assertEquals(Map.of("c", 5), decoded.extensions());
    assertEquals(Optional.empty(), decoded.client());
    assertEquals(OptionalInt.empty(), decoded.requestQueue());
    assertEquals(Optional.empty(), decoded.token());
    assertEquals(OptionalInt.empty(), decoded.maxBlock());
    assertEquals(OptionalInt.empty(), decoded.listenPort(), "65536 is no port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "le", "i1e", "d1:m", "d1:bi1e1:ai1ee", "garbage"})
  void malformedPayloadIsAProtocolViolation(String payload) {
    assertThrows(ProtocolException.class, () -> ExtendedHandshake.decode(Buffer.buffer(payload)));
  }

  @Test
  void extensionIdsMustFitOneByte() {
    assertThrows(IllegalArgumentException.class, () -> new ExtendedHandshake(
        Map.of("x", 256), Optional.empty(), OptionalInt.empty(), Optional.empty()));
  }

  @Test
  void aLargestBlockMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new ExtendedHandshake(
        Map.of(), Optional.empty(), OptionalInt.empty(), Optional.empty(), OptionalInt.of(0)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void aListenPortMustBeATcpPort(int port) {
    assertThrows(IllegalArgumentException.class, () -> new ExtendedHandshake(Map.of(),
        Optional.empty(), OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.of(port)));
  }
}
