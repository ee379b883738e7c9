package p2pshare.tracker.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes with a random salt per user. Slow on purpose: call it on a
 * worker thread, never on an event loop.
 */
public final class Passwords {
  private Passwords() {}

  /** 120,000: above OWASP's 2021 floor of 100k for PBKDF2-SHA256, ~60 ms a hash on this CPU. */
  public static final int ITERATIONS = 120_000;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What is stored for a user; {@code iterations} is kept so the cost can be raised later. */
  public record Hash(byte[] salt, int iterations, byte[] hash) {}

  public static Hash hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new Hash(salt, ITERATIONS, derive(password, salt, ITERATIONS));
  }

  public static boolean matches(String password, Hash stored) {
    byte[] candidate = derive(password, stored.salt(), stored.iterations());
    return MessageDigest.isEqual(candidate, stored.hash());
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    KeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable: " + e.getMessage(), e);
    }
  }
}
