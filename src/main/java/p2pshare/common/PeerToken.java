package p2pshare.common;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * The tracker-signed permission a peer shows in its BEP 10 handshake:
 * {@code base64url(payload JSON) "." base64url(Ed25519 signature of the payload bytes)}, payload
 * {@code {"u": user, "g": group, "h": infoHash, "at": epochMillis, "exp": epochSeconds}}
 * (docs/tracker-api.md). {@code at}, when the tracker vouched for the user's membership, is what
 * a serving peer compares with the age of its member list ({@link MemberTokens}); milliseconds,
 * because a leave and the next list can fall in the same second.
 */
public final class PeerToken {
  private PeerToken() {}

  private static final String ALGORITHM = "Ed25519";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  /** Enough calls for the JIT's first tier to compile the hot field arithmetic. */
  private static final int WARM_UP_VERIFICATIONS = 20;

  /** What a valid token says. */
  public record Claims(
      String user, String group, String infoHash, Instant issuedAt, Instant expiry) {}

  /** The outcome of {@link #verify}. */
  public sealed interface Verification permits Valid, Invalid {}

  public record Valid(Claims claims) implements Verification {}

  public record Invalid(Reason reason, String message) implements Verification {}

  public enum Reason {
    MALFORMED,
    BAD_SIGNATURE,
    WRONG_INFO_HASH,
    EXPIRED,
    /** Signed for a user the latest member list of the group no longer has ({@link MemberTokens}). */
    NOT_A_MEMBER
  }

  public static String sign(PrivateKey key, String user, String group, String infoHashHex,
      Instant issuedAt, Instant expiry) {
    byte[] payload =
        new JsonObject()
            .put("u", user)
            .put("g", group)
            .put("h", infoHashHex)
            .put("at", issuedAt.toEpochMilli())
            .put("exp", expiry.getEpochSecond())
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(payload);
      return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a peer token: " + e.getMessage(), e);
    }
  }

  public static Verification verify(PublicKey key, String token, String infoHashHex, Instant now) {
    if (token == null) return new Invalid(Reason.MALFORMED, "no peer token");
    int dot = token.indexOf('.');
    if (dot < 0 || token.indexOf('.', dot + 1) >= 0) {
      return new Invalid(Reason.MALFORMED, "peer token is not payload.signature");
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      signature = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return new Invalid(Reason.MALFORMED, "peer token is not base64url");
    }
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(payload);
      if (!verifier.verify(signature)) {
        return new Invalid(Reason.BAD_SIGNATURE, "peer token signature does not verify");
      }
    } catch (GeneralSecurityException e) {
      return new Invalid(Reason.BAD_SIGNATURE, "peer token signature does not verify");
    }
    Claims claims;
    try {
      JsonObject json = new JsonObject(new String(payload, StandardCharsets.UTF_8));
      claims =
          new Claims(
              json.getString("u"),
              json.getString("g"),
              json.getString("h"),
              // A token without "at" counts as older than any member list: the list decides.
              Instant.ofEpochMilli(json.getLong("at", 0L)),
              Instant.ofEpochSecond(json.getLong("exp")));
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      return new Invalid(Reason.MALFORMED, "peer token payload is not the expected JSON");
    }
    if (claims.user() == null || claims.group() == null || claims.infoHash() == null) {
      return new Invalid(Reason.MALFORMED, "peer token payload lacks user, group or info-hash");
    }
    return hold(claims, infoHashHex, now);
  }

  /** The checks of {@link #verify} after the signature: the same file, not expired. */
  static Verification hold(Claims claims, String infoHashHex, Instant now) {
    if (!claims.infoHash().equals(infoHashHex)) {
      return new Invalid(Reason.WRONG_INFO_HASH, "peer token is for another file");
    }
    if (!now.isBefore(claims.expiry())) {
      return new Invalid(Reason.EXPIRED, "peer token expired at " + claims.expiry());
    }
    return new Valid(claims);
  }

  /**
   * Verifies a throw-away token a few times so that the first real peer's check neither loads the
   * Ed25519 classes nor runs interpreted: cold, one verification takes ~100 ms, on the engine's
   * event loop, between a peer's handshake and its first request. Call once, on a worker thread.
   */
  public static Void warmUp() {
    KeyPair pair = generateKeyPair();
    String infoHash = "0".repeat(40);
    Instant now = Instant.now();
    String token = sign(pair.getPrivate(), "warm-up", "warm-up", infoHash, now, now.plusSeconds(60));
    for (int i = 0; i < WARM_UP_VERIFICATIONS; i++) {
      verify(pair.getPublic(), token, infoHash, Instant.now());
    }
    return null;
  }

  public static KeyPair generateKeyPair() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519: " + e.getMessage(), e);
    }
  }

  /** Parses the X.509 encoding served by GET /api/peer-key. */
  public static PublicKey publicKey(byte[] x509) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  public static PrivateKey privateKey(byte[] pkcs8) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
    }
  }
}
