package p2pshare.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"alice", "a", "Bob_2", "x.y-z", "0abc"})
  void validIdsPass(String id) {
    assertTrue(Names.userProblem(id).isEmpty());
    assertTrue(Names.groupProblem(id).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-lead", ".hidden", "has space", "slash/y", "ünïcode", "semi;colon"})
  void invalidIdsAreRefusedWithTheRule(String id) {
    String problem = Names.groupProblem(id).orElseThrow();
    assertTrue(problem.startsWith("group id"), problem);
  }

  @Test
  void idsAreLimitedTo64Characters() {
    assertTrue(Names.userProblem("a".repeat(64)).isEmpty());
    assertTrue(Names.userProblem("a".repeat(65)).isPresent());
  }

  @ParameterizedTest
  @ValueSource(strings = {"movie.mkv", "Ünïcödé ファイル.txt", "with space", ".profile", "a..b",
      "CONSOLE.txt", "con-fig", "COM10", "nul_byte"})
  void plainFileNamesPass(String name) {
    assertTrue(Names.fileNameProblem(name).isEmpty(), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "../etc/passwd", "a/b", "a\\b", "nul\0byte", "bell\u0007", "tab\there",
      "CON", "nul.txt", "Com1", "LPT9.log"})
  void fileNamesThatCouldEscapeOrCorruptAreRefused(String name) {
    assertTrue(Names.fileNameProblem(name).isPresent(), name);
  }

  @Test
  void fileNamesAreLimitedTo255BytesOfUtf8() {
    assertTrue(Names.fileNameProblem("a".repeat(255)).isEmpty());
    assertTrue(Names.fileNameProblem("a".repeat(256)).isPresent());
    assertTrue(Names.fileNameProblem("é".repeat(128)).isPresent(), "128 x 2 bytes = 256");
  }

  @Test
  void cleanStripsZeroWidthCharactersAndSurroundingWhitespace() {
    assertEquals("movies", Names.clean("  \u200Bmov\u200Cies\u200D\u2060\uFEFF \t"));
    assertEquals("two words", Names.clean(" two words "));
  }

  @Test
  void problemMessagesDoNotEchoControlCharacters() {
    String problem = Names.fileNameProblem("evil\u001b[2Jname").orElseThrow();
    assertTrue(problem.indexOf('\u001b') < 0, problem);
  }
}
