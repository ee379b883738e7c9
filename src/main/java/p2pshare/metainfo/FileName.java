package p2pshare.metainfo;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The rule for a shared file's name: a single safe path component, so a name received from the
 * network can never escape the directory it is saved into.
 */
public final class FileName {

  /** The common file-system limit for one path component (ext4, NTFS, APFS). */
  public static final int MAX_BYTES = 255;

  private FileName() {}

  /** Returns the name decoded from strict UTF-8, or throws saying which rule it breaks. */
  public static String check(byte[] utf8) {
    String name;
    try {
      name =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8))
              .toString();
    } catch (CharacterCodingException e) {
      throw new MetainfoException("file name is not valid UTF-8");
    }
    check(name);
    return name;
  }

  public static void check(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    if (!new String(utf8, StandardCharsets.UTF_8).equals(name)) {
      throw new MetainfoException("file name has an unpaired surrogate; it is not Unicode text");
    }
    int bytes = utf8.length;
    if (bytes == 0) throw new MetainfoException("file name is empty");
    if (bytes > MAX_BYTES) {
      throw new MetainfoException("file name is " + bytes + " bytes; at most 255 are allowed");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new MetainfoException("file name '" + name + "' is not a file");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        throw new MetainfoException("file name must not contain '/' or '\\'");
      }
      if (Character.isISOControl(c)) {
        throw new MetainfoException("file name must not contain NUL or control characters");
      }
    }
  }
}
