package p2pshare.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PeerTokenTest {
  private static final KeyPair KEYS = PeerToken.generateKeyPair();
  private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static String token(Instant expiry) {
    return PeerToken.sign(KEYS.getPrivate(), "alice", "movies", HASH, NOW.minusSeconds(1), expiry);
  }

  @Test
  void validTokenYieldsItsClaims() {
    var result = PeerToken.verify(KEYS.getPublic(), token(NOW.plusSeconds(60)), HASH, NOW);
    var valid = assertInstanceOf(PeerToken.Valid.class, result);
    assertEquals(
        new PeerToken.Claims("alice", "movies", HASH, NOW.minusSeconds(1), NOW.plusSeconds(60)),
        valid.claims());
  }

  @Test
  void expiredTokenIsRejected() {
    var result = PeerToken.verify(KEYS.getPublic(), token(NOW), HASH, NOW);
    assertEquals(PeerToken.Reason.EXPIRED, assertInstanceOf(PeerToken.Invalid.class, result).reason());
  }

  @Test
  void tokenForAnotherFileIsRejected() {
    var result =
        PeerToken.verify(KEYS.getPublic(), token(NOW.plusSeconds(60)), "f".repeat(40), NOW);
    assertEquals(
        PeerToken.Reason.WRONG_INFO_HASH, assertInstanceOf(PeerToken.Invalid.class, result).reason());
  }

  @Test
  void tamperedPayloadFailsTheSignature() {
    String token = token(NOW.plusSeconds(60));
    String signature = token.substring(token.indexOf('.') + 1);
    String forged =
        "{\"u\":\"mallory\",\"g\":\"movies\",\"h\":\"" + HASH + "\",\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + "}";
    String tampered =
        Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
            + "." + signature;
    var result = PeerToken.verify(KEYS.getPublic(), tampered, HASH, NOW);
    assertEquals(
        PeerToken.Reason.BAD_SIGNATURE, assertInstanceOf(PeerToken.Invalid.class, result).reason());
  }

  @Test
  void tokenSignedWithAnotherKeyIsRejected() {
    var result =
        PeerToken.verify(PeerToken.generateKeyPair().getPublic(), token(NOW.plusSeconds(60)), HASH, NOW);
    assertEquals(
        PeerToken.Reason.BAD_SIGNATURE, assertInstanceOf(PeerToken.Invalid.class, result).reason());
  }

  @Test
  void garbageIsMalformed() {
    for (String garbage : new String[] {"", "no-dot", "a.b.c", "!!!.???"}) {
      var result = PeerToken.verify(KEYS.getPublic(), garbage, HASH, NOW);
      assertEquals(
          PeerToken.Reason.MALFORMED, assertInstanceOf(PeerToken.Invalid.class, result).reason(), garbage);
    }
  }

  @Test
  void publicKeyRoundTripsThroughItsX509Encoding() {
    var key = PeerToken.publicKey(KEYS.getPublic().getEncoded());
    assertInstanceOf(
        PeerToken.Valid.class, PeerToken.verify(key, token(NOW.plusSeconds(1)), HASH, NOW));
  }
}
