package p2pshare.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationTest {
  @TempDir Path dir;

  @Test
  void aDirectoryReceivesTheFileUnderItsOwnName() {
    assertEquals(dir.resolve("movie.mkv"), Destination.resolve(dir.toString(), "movie.mkv"));
    assertEquals(dir.resolve("movie.mkv"), Destination.resolve(dir + "/", "movie.mkv"));
  }

  @Test
  void aPathInAnExistingDirectoryIsTheFileItself() {
    assertEquals(dir.resolve("renamed.bin"), Destination.resolve(dir.resolve("renamed.bin").toString(), "movie.mkv"));
  }

  @Test
  void dotSegmentsAreResolved() throws IOException {
    Files.createDirectory(dir.resolve("sub"));
    assertEquals(dir.resolve("movie.mkv"), Destination.resolve(dir + "/sub/../", "movie.mkv"));
  }

  @Test
  void anExistingFileIsNeverOverwritten() throws IOException {
    Files.writeString(dir.resolve("movie.mkv"), "mine");
    UserError inDirectory = assertThrows(UserError.class, () -> Destination.resolve(dir.toString(), "movie.mkv"));
    assertEquals(dir.resolve("movie.mkv") + " already exists; remove it or choose another destination",
        inDirectory.getMessage());
    assertThrows(UserError.class, () -> Destination.resolve(dir.resolve("movie.mkv").toString(), "other"));
    assertEquals("mine", Files.readString(dir.resolve("movie.mkv")));
  }

  @Test
  void aMissingDirectoryIsNamedInTheError() {
    UserError missingParent = assertThrows(UserError.class,
        () -> Destination.resolve(dir.resolve("nope").resolve("file.bin").toString(), "movie.mkv"));
    assertTrue(missingParent.getMessage().startsWith("directory " + dir.resolve("nope") + " does not exist"),
        missingParent.getMessage());
    UserError missingDir = assertThrows(UserError.class,
        () -> Destination.resolve(dir.resolve("nope") + "/", "movie.mkv"));
    assertTrue(missingDir.getMessage().startsWith("directory " + dir.resolve("nope") + " does not exist"),
        missingDir.getMessage());
  }

  @Test
  void aRelativeDestinationIsTakenFromTheWorkingDirectory() {
    Path cwd = Path.of("").toAbsolutePath();
    assertEquals(cwd.resolve("movie.mkv").normalize(), Destination.resolve(".", "movie.mkv"));
  }

  @Test
  void aDownloadLargerThanTheFreeSpaceIsRefusedUpFront() throws IOException {
    Destination.checkRoom(dir.resolve("small.bin"), 1);
    UserError tooBig = assertThrows(UserError.class, () -> Destination.checkRoom(dir.resolve("huge.bin"), Long.MAX_VALUE));
    assertTrue(tooBig.getMessage().startsWith("not enough space in " + dir + ": huge.bin needs ")
        && tooBig.getMessage().endsWith(" free; free some space or choose another destination"), tooBig.getMessage());
  }
}
