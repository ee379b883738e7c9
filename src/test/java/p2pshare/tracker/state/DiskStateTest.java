package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskStateTest {

  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  private DiskState open() {
    return DiskState.open(dir, warnings::add);
  }

  private Path log() {
    return dir.resolve(DiskState.LOG_FILE);
  }

  @Test
  void writtenEntriesComeBackAfterReopening() {
    try (DiskState disk = open()) {
      assertTrue(disk.persist("users", "alice", new Versioned(1, "{\"a\":1}")));
      assertTrue(disk.persist("users", "alice", new Versioned(2, "{\"a\":2}")));
      assertTrue(disk.persist("groups", "movies", new Versioned(3, null)));
    }
    try (DiskState disk = open()) {
      assertEquals(Optional.of(new Versioned(2, "{\"a\":2}")), disk.get("users", "alice"));
      assertEquals(Optional.of(new Versioned(3, null)), disk.get("groups", "movies"));
    }
    assertEquals(List.of(), warnings);
  }

  @Test
  void theSameVersionIsWrittenOnceAndOlderOnesNever() throws IOException {
    try (DiskState disk = open()) {
      assertTrue(disk.persist("users", "alice", new Versioned(2, "new")));
      long size = Files.size(log());
      assertFalse(disk.persist("users", "alice", new Versioned(2, "new")));
      assertFalse(disk.persist("users", "alice", new Versioned(1, "old")));
      assertEquals(size, Files.size(log()));
      assertEquals(Optional.of(new Versioned(2, "new")), disk.get("users", "alice"));
    }
  }

  @Test
  void equalVersionWithOtherContentIsTakenFromTheCluster() {
    try (DiskState disk = open()) {
      disk.persist("groups", "g", new Versioned(4, "mine"));
      assertTrue(disk.persist("groups", "g", new Versioned(4, "theirs")));
      assertEquals(Optional.of(new Versioned(4, "theirs")), disk.get("groups", "g"));
    }
  }

  @Test
  void reopeningCompactsTheLogToOneRecordPerKey() throws IOException {
    try (DiskState disk = open()) {
      for (int v = 1; v <= 50; v++) disk.persist("sessions", "s", new Versioned(v, "x".repeat(100)));
    }
    long before = Files.size(log());
    open().close();
    assertTrue(Files.size(log()) < before / 10, "compacted from " + before + " to " + Files.size(log()));
    assertEquals(1, DurableLog.read(log()).records().size());
  }

  @Test
  void truncatedLastRecordIsReportedSkippedAndCutOff() throws IOException {
    try (DiskState disk = open()) {
      disk.persist("users", "alice", new Versioned(1, "kept"));
      disk.persist("users", "bob", new Versioned(1, "torn"));
    }
    long size = Files.size(log());
    try (FileChannel channel = FileChannel.open(log(), StandardOpenOption.WRITE)) {
      channel.truncate(size - 3);
    }
    try (DiskState disk = open()) {
      assertEquals(Optional.of(new Versioned(1, "kept")), disk.get("users", "alice"));
      assertEquals(Optional.empty(), disk.get("users", "bob"));
      disk.persist("users", "carol", new Versioned(1, "after the repair"));
    }
    assertEquals(1, warnings.size());
    assertTrue(warnings.getFirst().contains("cut short"), warnings.getFirst());
    try (DiskState disk = open()) {
      assertEquals(Optional.of(new Versioned(1, "after the repair")), disk.get("users", "carol"));
    }
    assertEquals(1, warnings.size(), "the repaired log reads clean");
  }

  @Test
  void garbageAppendedIsReportedAndSkipped() throws IOException {
    try (DiskState disk = open()) {
      disk.persist("users", "alice", new Versioned(1, "kept"));
    }
    Files.write(log(), "\u0000\u0000\u0000\u0004garbage!".getBytes(), StandardOpenOption.APPEND);
    try (DiskState disk = open()) {
      assertEquals(Optional.of(new Versioned(1, "kept")), disk.get("users", "alice"));
    }
    assertEquals(1, warnings.size());
    assertTrue(warnings.getFirst().contains("CRC32"), warnings.getFirst());
  }

  @Test
  void impossibleLengthIsReportedAsGarbage() throws IOException {
    try (DiskState disk = open()) {
      disk.persist("users", "alice", new Versioned(1, "kept"));
    }
    Files.write(log(), new byte[] {0x7f, 0, 0, 0, 1, 2, 3, 4, 5}, StandardOpenOption.APPEND);
    open().close();
    assertTrue(warnings.getFirst().contains("impossible length"), warnings.getFirst());
  }

  @Test
  void versionedValuesSurviveTheirStringEncoding() {
    for (Versioned v : List.of(new Versioned(1, "{}"), new Versioned(9, null), new Versioned(7, "a:b!"))) {
      assertEquals(v, Versioned.decode(v.encode()));
    }
  }
}
