package p2pshare.metainfo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** A bencode byte string ({@code 4:spam}); raw bytes, which may or may not be UTF-8 text. */
public record BBytes(byte[] bytes) implements BValue {

  public BBytes {
    bytes = bytes.clone();
  }

  public static BBytes of(String utf8) {
    return new BBytes(utf8.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** The bytes as UTF-8 text; malformed sequences become U+FFFD (use for display, not checks). */
  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BBytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "BBytes[" + HexFormat.of().formatHex(bytes) + "]";
  }
}
