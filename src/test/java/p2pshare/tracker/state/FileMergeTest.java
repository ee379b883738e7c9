package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two copies of one shared file edited on both sides of a split brain, then merged. */
class FileMergeTest {

  private static final String H1 = "1".repeat(40);
  private static final String H2 = "2".repeat(40);

  static SharedFile offered(String infoHash) {
    return new SharedFile("a.iso", infoHash, 10, "s".repeat(40), 16384, "aW5mbw==", List.of());
  }

  static Replica share(Replica r, String infoHash, String user) {
    return r.file(f -> FileRules.share(f, offered(infoHash), "g", user).map(s -> Optional.of(s.file())));
  }

  static Replica unshare(Replica r, String user) {
    return r.file(f -> FileRules.unshare(f, "a.iso", "g", user));
  }

  /** alice shares a.iso when the split begins. */
  private static final Replica BEFORE_SPLIT = share(Replica.empty(FileState.KIND), H1, "alice");

  private static SharedFile merged(Replica a, Replica b) {
    return a.mergedBothWays(b).file().orElseThrow();
  }

  @Test
  void sharersAddedOnBothSidesBothRemain() {
    Replica a = share(BEFORE_SPLIT, H1, "bob");
    Replica b = share(BEFORE_SPLIT, H1, "carol");
    assertEquals(List.of("alice", "bob", "carol"), merged(a, b).sharers());
  }

  @Test
  void aStopShareIsNotResurrectedByTheOtherSidesStaleCopy() {
    Replica a = unshare(share(BEFORE_SPLIT, H1, "bob"), "alice");
    Replica b = share(BEFORE_SPLIT, H1, "carol");
    assertEquals(List.of("bob", "carol"), merged(a, b).sharers());
  }

  @Test
  void aFileNobodySharesOnOneSideLivesOnWithASharerAddedOnTheOther() {
    Replica a = unshare(BEFORE_SPLIT, "alice");
    assertEquals(Optional.empty(), a.file());
    Replica b = share(BEFORE_SPLIT, H1, "bob");
    assertEquals(List.of("bob"), merged(a, b).sharers());
  }

  @Test
  void aFileDroppedOnOneSideStaysDroppedWhenTheOtherDidNothingNewer() {
    Replica a = unshare(BEFORE_SPLIT, "alice");
    assertEquals(Optional.empty(), a.mergedBothWays(BEFORE_SPLIT).file());
  }

  @Test
  void twoContentsUnderOneNameKeepTheFirstSharedEverywhere() {
    Replica empty = Replica.empty(FileState.KIND);
    Replica a = share(empty, H2, "bob");
    Replica b = share(share(empty, H1, "carol"), H1, "dave");
    SharedFile f = merged(a, b);
    // Both started at the same logical moment: the lower info-hash wins the tie.
    assertEquals(H1, f.infoHash());
    assertEquals(List.of("carol", "dave"), f.sharers());
  }

  @Test
  void mergedCopiesCarryAVersionAboveBothSides() {
    Replica a = share(BEFORE_SPLIT, H1, "bob");
    Replica b = share(BEFORE_SPLIT, H1, "carol");
    long version = a.merge(b).value().version();
    assertTrue(version > a.value().version() && version > b.value().version(), () -> "version " + version);
  }

  @Test
  void anOldListingLoadsAsTheSameFileAndMergesAsTheHigherVersionDid() {
    SharedFile old = offered(H1).withSharers(List.of("carol", "alice"));
    SharedFile older = offered(H1).withSharers(List.of("carol", "bob"));
    assertEquals(Optional.of(old.toJson().encode()), FileState.KIND.live(new Versioned(4, old.toJson().encode())));
    Versioned merged = FileState.KIND.merge(new Versioned(3, older.toJson().encode()), new Versioned(4, old.toJson().encode()));
    assertEquals(Optional.of(old.toJson().encode()), FileState.KIND.live(merged));
    assertEquals(Optional.empty(), FileState.KIND.live(FileState.KIND.merge(new Versioned(4, old.toJson().encode()), new Versioned(5, null))));
  }
}
