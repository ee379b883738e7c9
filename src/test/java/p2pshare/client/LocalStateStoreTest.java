package p2pshare.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateStoreTest {
  @TempDir Path dir;

  private static BitSet pieces(int... indexes) {
    BitSet bits = new BitSet();
    for (int i : indexes) bits.set(i);
    return bits;
  }

  private final LocalState.Share movie =
      new LocalState.Share("movies", "a.mkv", Path.of("/srv/a.mkv"), "ab".repeat(20), "ZDQ6aW5mb2U=");
  private final LocalState.Download song =
      new LocalState.Download("music", "b.flac", Path.of("/home/u/b.flac"), "cd".repeat(20), "ZGU=", pieces(0, 3, 200));

  @Test
  void aUserNobodySavedStartsEmpty() {
    assertEquals(LocalState.EMPTY, new LocalStateStore(dir).load("alice"));
  }

  @Test
  void savedStateComesBackEqualAndOtherUsersAreSeparate() {
    LocalStateStore store = new LocalStateStore(dir);
    LocalState state = LocalState.EMPTY.withShare(movie).withDownload(song);
    store.save("alice", state);
    assertEquals(state, new LocalStateStore(dir).load("alice"));
    assertEquals(pieces(0, 3, 200), new LocalStateStore(dir).load("alice").downloads().get(0).verified());
    assertEquals(LocalState.EMPTY, store.load("bob"));
  }

  @Test
  void saveReplacesTheWholeFileAndLeavesNoTemporaryFiles() throws Exception {
    LocalStateStore store = new LocalStateStore(dir);
    store.save("alice", LocalState.EMPTY.withShare(movie));
    store.save("alice", LocalState.EMPTY.withDownload(song));
    assertEquals(LocalState.EMPTY.withDownload(song), store.load("alice"));
    try (var files = Files.list(store.file("alice").getParent())) {
      assertEquals(List.of("state.json"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void sameGroupAndNameReplacesAndRemovalTouchesOnlyThatEntry() {
    LocalState.Share again = new LocalState.Share("movies", "a.mkv", Path.of("/new/a.mkv"), "ef".repeat(20), "eA==");
    LocalState.Share other = new LocalState.Share("docs", "a.mkv", Path.of("/srv/a.mkv"), "ab".repeat(20), "eA==");
    LocalState state = LocalState.EMPTY.withShare(movie).withShare(other).withShare(again);
    assertEquals(List.of(other, again), state.shares());
    assertEquals(List.of(again), state.withoutShare("docs", "a.mkv").shares());
    assertTrue(state.withDownload(song).withoutDownload("music", "b.flac").downloads().isEmpty());
  }

  @Test
  void aDownloadsBitfieldCannotBeChangedFromOutside() {
    BitSet verified = song.verified();
    verified.set(7);
    assertEquals(pieces(0, 3, 200), song.verified());
  }

  @Test
  void aUserIdThatCouldEscapeTheDataDirIsRefused() {
    LocalStateStore store = new LocalStateStore(dir);
    assertThrows(IllegalArgumentException.class, () -> store.load("../../etc"));
    assertThrows(IllegalArgumentException.class, () -> store.save("a/b", LocalState.EMPTY));
  }

  @Test
  void aDamagedFileSaysWhichFileAndWhatToDo() throws Exception {
    LocalStateStore store = new LocalStateStore(dir);
    Files.createDirectories(store.file("alice").getParent());
    Files.writeString(store.file("alice"), "{ not json");
    var e = assertThrows(IllegalStateException.class, () -> store.load("alice"));
    assertTrue(e.getMessage().contains("state.json is damaged"), e.getMessage());
  }
}
