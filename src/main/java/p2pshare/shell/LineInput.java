package p2pshare.shell;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Where the shell's lines come from: a person at a terminal, or a pipe/file. */
public sealed interface LineInput {

  /** The next line, or null at end of input. */
  String readLine(String prompt);

  /** A password read without echo; empty when nobody can be asked (a pipe). */
  Optional<String> readPassword(String prompt);

  boolean interactive();

  /** A terminal when stdin and stdout are one, otherwise stdin as plain UTF-8 lines. */
  static LineInput ofStdin() {
    Console console = System.console();
    if (console != null && isTerminal(console)) return new Terminal(console);
    return new Piped(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
  }

  /**
   * JDK 22-24 may hand out a Console even when stdin is redirected; only {@code isTerminal()}
   * (added in 22) tells. We compile for 21, so look it up and assume a terminal where it is absent
   * (on 21 a Console exists only for a terminal).
   */
  private static boolean isTerminal(Console console) {
    try {
      var isTerminal =
          MethodHandles.publicLookup()
              .findVirtual(Console.class, "isTerminal", MethodType.methodType(boolean.class));
      return (boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return true;
    } catch (Throwable e) {
      return false;
    }
  }

  record Terminal(Console console) implements LineInput {
    @Override
    public String readLine(String prompt) {
      return console.readLine("%s", prompt);
    }

    @Override
    public Optional<String> readPassword(String prompt) {
      char[] password = console.readPassword("%s", prompt);
      return password == null ? Optional.empty() : Optional.of(new String(password));
    }

    @Override
    public boolean interactive() {
      return true;
    }
  }

  record Piped(BufferedReader reader) implements LineInput {
    @Override
    public String readLine(String prompt) {
      try {
        return reader.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Optional<String> readPassword(String prompt) {
      return Optional.empty();
    }

    @Override
    public boolean interactive() {
      return false;
    }
  }
}
