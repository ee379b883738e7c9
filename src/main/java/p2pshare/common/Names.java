package p2pshare.common;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rules of docs/tracker-api.md, shared by the tracker (which enforces them) and the
 * client (which checks early and cleans what the user typed). Each check returns the user-facing
 * problem, or empty when the name is fine.
 */
public final class Names {
  private Names() {}

  /** Letters, digits, '.', '_', '-'; starts with a letter or digit; at most 64 characters. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** 255 bytes: the file-name limit of ext4, NTFS and APFS, so a downloaded file can be created. */
  public static final int MAX_FILE_NAME_BYTES = 255;

  /** Zero-width characters that paste in from chat and web pages and make equal names differ. */
  private static final Pattern ZERO_WIDTH = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF]");

  /** Strips zero-width characters and surrounding whitespace from what a user typed or pasted. */
  public static String clean(String text) {
    return ZERO_WIDTH.matcher(text).replaceAll("").strip();
  }

  public static Optional<String> userProblem(String user) {
    return idProblem("user id", user);
  }

  public static Optional<String> groupProblem(String group) {
    return idProblem("group id", group);
  }

  private static Optional<String> idProblem(String what, String id) {
    if (id == null || id.isEmpty()) return Optional.of(what + " is missing");
    if (!ID.matcher(id).matches()) {
      return Optional.of(
          what + " '" + printable(id) + "' is not valid: use 1-64 letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit");
    }
    return Optional.empty();
  }

  public static Optional<String> fileNameProblem(String name) {
    if (name == null || name.isEmpty()) return Optional.of("file name is missing");
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_NAME_BYTES) {
      return Optional.of("file name is longer than " + MAX_FILE_NAME_BYTES + " bytes; rename the file");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of("file name '" + name + "' is not allowed; rename the file");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        return Optional.of("file name '" + printable(name) + "' contains a path separator; give a plain name");
      }
      if (Character.isISOControl(c)) {
        return Optional.of("file name '" + printable(name) + "' contains a control character; rename the file");
      }
    }
    return Optional.empty();
  }

  /**
   * Replaces control characters and keeps the first 80 code points, so an error message quoting
   * what it was sent never corrupts the user's terminal or grows with the input.
   */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
    return out.toString();
  }
}
