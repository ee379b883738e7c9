package p2pshare.common;

import java.util.Optional;
import java.util.regex.Pattern;
import p2pshare.metainfo.FileName;

/**
 * The naming rules of docs/tracker-api.md, shared by the tracker (which enforces them) and the
 * client (which checks early and cleans what the user typed). Each check returns the user-facing
 * problem, or empty when the name is fine.
 */
public final class Names {
  private Names() {}

  /** Letters, digits, '.', '_', '-'; starts with a letter or digit; at most 64 characters. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

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

  /** The rule of {@link FileName} (the one a downloader applies), in the shell's words. */
  public static Optional<String> fileNameProblem(String name) {
    if (name == null || name.isEmpty()) return Optional.of("file name is missing");
    return FileName.problem(name)
        .map(reason -> "file name '" + printable(name) + "' " + reason + "; rename the file");
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
