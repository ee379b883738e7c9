package p2pshare.metainfo;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for a shared file's name: a single safe path component, so a name received from the
 * network can never escape the directory it is saved into.
 */
public final class FileName {

  /** The common file-system limit for one path component (ext4, NTFS, APFS). */
  public static final int MAX_BYTES = 255;

  /**
   * CON, PRN, AUX, NUL, COM1-9 and LPT1-9, with any extension, in any case: on Windows such a name
   * opens a device instead of a file wherever it is saved, so a member on Windows could not
   * download it (or would write to the device).
   */
  private static final Pattern WINDOWS_DEVICE =
      Pattern.compile("(?i)(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\\..*)?");

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
    problem(name).ifPresent(reason -> {
      throw new MetainfoException("file name " + reason);
    });
  }

  /**
   * What is wrong with {@code name} as a file name, phrased to follow "file name" (for example
   * "must not contain '/' or '\\'"), or empty when it is a safe single path component.
   */
  public static Optional<String> problem(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    if (!new String(utf8, StandardCharsets.UTF_8).equals(name)) {
      return Optional.of("has an unpaired surrogate; it is not Unicode text");
    }
    int bytes = utf8.length;
    if (bytes == 0) return Optional.of("is empty");
    if (bytes > MAX_BYTES) return Optional.of("is " + bytes + " bytes; at most 255 are allowed");
    if (name.equals(".") || name.equals("..")) return Optional.of("'" + name + "' is not a file");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') return Optional.of("must not contain '/' or '\\'");
      if (Character.isISOControl(c)) {
        return Optional.of("must not contain NUL or control characters");
      }
    }
    if (WINDOWS_DEVICE.matcher(name).matches()) {
      return Optional.of("'" + name + "' is a device name on Windows (CON, NUL, COM1, ...)");
    }
    return Optional.empty();
  }
}
