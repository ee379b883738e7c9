package p2pshare.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void nameIsLowerCasedAndArgumentsKeepTheirCase() {
    assertEquals(
        new CommandLine("show_downloads", List.of()), CommandLine.parse("Show_downloads").orElseThrow());
    assertEquals(
        new CommandLine("accept_request", List.of("Movies", "Bob")),
        CommandLine.parse("ACCEPT_REQUEST Movies Bob").orElseThrow());
  }

  @Test
  void zeroWidthCharactersAndExtraBlanksArePastedAway() {
    CommandLine line = CommandLine.parse("\uFEFF  join_group\u200B \t mo\u200Dvies\u2060  \r").orElseThrow();
    assertEquals(new CommandLine("join_group", List.of("movies")), line);
  }

  @Test
  void blankLinesAndCommentsAreSkipped() {
    assertTrue(CommandLine.parse("   ").isEmpty());
    assertTrue(CommandLine.parse("\u200B").isEmpty());
    assertTrue(CommandLine.parse("  # create the groups first").isEmpty());
  }
}
