package p2pshare.metainfo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strict bencode (BEP 3): decoding accepts only the canonical form (no leading zeros, no
 * {@code -0}, dictionary keys strictly ascending as raw bytes, no trailing data), so every value
 * has exactly one encoding and re-encoding a decoded value gives back the input bytes.
 */
public final class Bencode {

  /** Deep enough for any real metainfo; shallow enough that hostile nesting cannot blow the stack. */
  public static final int MAX_DEPTH = 64;

  private Bencode() {}

  /** Decodes one value that must span the whole input. */
  public static BValue decode(byte[] input) {
    Decoder decoder = new Decoder(input);
    BValue value = decoder.value(0);
    if (decoder.pos != input.length) {
      throw new BencodeException(decoder.pos, "trailing data after the value");
    }
    return value;
  }

  /** Decodes a value that must be a dictionary spanning the whole input. */
  public static BDict decodeDict(byte[] input) {
    if (decode(input) instanceof BDict dict) return dict;
    throw new BencodeException(0, "expected a dictionary");
  }

  public static byte[] encode(BValue value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(value, out);
    return out.toByteArray();
  }

  private static void write(BValue value, ByteArrayOutputStream out) {
    switch (value) {
      case BInt i -> out.writeBytes(("i" + i.value() + "e").getBytes(StandardCharsets.US_ASCII));
      case BBytes b -> writeBytes(b.bytes(), out);
      case BList l -> {
        out.write('l');
        l.items().forEach(item -> write(item, out));
        out.write('e');
      }
      case BDict d -> {
        byte[] source = d.source();
        if (source != null) {
          out.writeBytes(source); // strict decoding guarantees the source is canonical
          return;
        }
        out.write('d');
        for (Map.Entry<String, BValue> e : d.entries().entrySet()) {
          writeBytes(e.getKey().getBytes(StandardCharsets.ISO_8859_1), out);
          write(e.getValue(), out);
        }
        out.write('e');
      }
    }
  }

  private static void writeBytes(byte[] bytes, ByteArrayOutputStream out) {
    out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
  }

  private static final class Decoder {
    private final byte[] in;
    private int pos;

    Decoder(byte[] in) {
      this.in = in;
    }

    BValue value(int depth) {
      if (depth > MAX_DEPTH) throw fail("nested deeper than " + MAX_DEPTH);
      if (pos >= in.length) throw fail("input ends where a value should start");
      byte b = in[pos];
      return switch (b) {
        case 'i' -> integer();
        case 'l' -> list(depth);
        case 'd' -> dict(depth);
        default -> {
          if (b >= '0' && b <= '9') yield new BBytes(byteString());
          throw fail("unexpected byte 0x" + Integer.toHexString(b & 0xff));
        }
      };
    }

    private BInt integer() {
      pos++;
      boolean negative = pos < in.length && in[pos] == '-';
      if (negative) pos++;
      int start = pos;
      long value = digits(negative);
      if (pos == start) throw fail("integer without digits");
      if (in[start] == '0' && (pos - start > 1 || negative)) {
        throw new BencodeException(start, "integer with a leading zero or -0");
      }
      expect('e', "integer not terminated by 'e'");
      return new BInt(value);
    }

    /** Accumulates negatively so Long.MIN_VALUE parses; overflow is an error, not a wrap. */
    private long digits(boolean negative) {
      int start = pos;
      long acc = 0;
      while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
        int digit = in[pos] - '0';
        if (acc < (Long.MIN_VALUE + digit) / 10) {
          throw new BencodeException(start, "number beyond 64 bits");
        }
        acc = acc * 10 - digit;
        pos++;
      }
      if (!negative) {
        if (acc == Long.MIN_VALUE) throw new BencodeException(start, "number beyond 64 bits");
        return -acc;
      }
      return acc;
    }

    private byte[] byteString() {
      int start = pos;
      long length = digits(false);
      if (in[start] == '0' && pos - start > 1) {
        throw new BencodeException(start, "string length with a leading zero");
      }
      expect(':', "string length not followed by ':'");
      if (length > in.length - pos) {
        throw fail("string of " + length + " bytes but only " + (in.length - pos) + " remain");
      }
      byte[] bytes = new byte[(int) length];
      System.arraycopy(in, pos, bytes, 0, bytes.length);
      pos += bytes.length;
      return bytes;
    }

    private BList list(int depth) {
      pos++;
      List<BValue> items = new ArrayList<>();
      while (!atEnd()) items.add(value(depth + 1));
      pos++;
      return new BList(items);
    }

    private BDict dict(int depth) {
      int start = pos++;
      TreeMap<String, BValue> entries = new TreeMap<>();
      String previous = null;
      while (!atEnd()) {
        int keyAt = pos;
        if (in[pos] < '0' || in[pos] > '9') throw fail("dictionary key is not a string");
        String key = new String(byteString(), StandardCharsets.ISO_8859_1);
        if (previous != null && key.compareTo(previous) <= 0) {
          throw new BencodeException(keyAt, "dictionary keys not in strictly ascending order");
        }
        entries.put(key, value(depth + 1));
        previous = key;
      }
      pos++;
      byte[] source = new byte[pos - start];
      System.arraycopy(in, start, source, 0, source.length);
      return new BDict(entries, source);
    }

    private boolean atEnd() {
      if (pos >= in.length) throw fail("input ends inside a list or dictionary");
      return in[pos] == 'e';
    }

    private void expect(char c, String reason) {
      if (pos >= in.length || in[pos] != c) throw fail(reason);
      pos++;
    }

    private BencodeException fail(String reason) {
      return new BencodeException(pos, reason);
    }
  }
}
