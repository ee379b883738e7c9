package p2pshare.shell;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import p2pshare.common.Names;

/** One typed line as a command: the name in lower case and its arguments. */
public record CommandLine(String name, List<String> args) {

  public CommandLine {
    args = List.copyOf(args);
  }

  /**
   * Cleans the line (invisible characters, surrounding blanks) and splits it on whitespace. Empty
   * lines and {@code #} comments (handy in piped scripts) give nothing.
   */
  public static Optional<CommandLine> parse(String line) {
    String cleaned = Names.clean(line);
    if (cleaned.isEmpty() || cleaned.startsWith("#")) return Optional.empty();
    String[] words = cleaned.split("\\s+");
    return Optional.of(
        new CommandLine(
            words[0].toLowerCase(Locale.ROOT), List.of(words).subList(1, words.length)));
  }
}
