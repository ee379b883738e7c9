package p2pshare.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1, the hash BitTorrent v1 uses for pieces and the info-hash. */
public final class Sha1 {
  public static final int LENGTH = 20;

  private Sha1() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-1", e);
    }
  }

  public static byte[] of(byte[] data) {
    return newDigest().digest(data);
  }
}
