package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileRulesTest {

  private static SharedFile file(String infoHash, List<String> sharers) {
    return new SharedFile("a.iso", infoHash, 10, "s".repeat(40), 16384, "aW5mbw==", sharers);
  }

  private static final String HASH = "a".repeat(40);

  @SuppressWarnings("unchecked")
  private static <T> T done(Outcome<T> outcome) {
    return ((Outcome.Done<T>) assertInstanceOf(Outcome.Done.class, outcome, outcome::toString)).value();
  }

  @Test
  void firstShareListsTheFileWithTheCallerAsSharer() {
    FileRules.Shared s = done(FileRules.share(Optional.empty(), file(HASH, List.of()), "g", "alice"));
    assertTrue(s.added());
    assertEquals(List.of("alice"), s.file().sharers());
  }

  @Test
  void sameContentFromAnotherMemberAddsASource() {
    FileRules.Shared s =
        done(FileRules.share(Optional.of(file(HASH, List.of("alice"))), file(HASH, List.of()), "g", "bob"));
    assertTrue(s.added());
    assertEquals(List.of("alice", "bob"), s.file().sharers());
  }

  @Test
  void sharingTwiceChangesNothing() {
    FileRules.Shared s =
        done(FileRules.share(Optional.of(file(HASH, List.of("alice"))), file(HASH, List.of()), "g", "alice"));
    assertFalse(s.added());
    assertEquals(List.of("alice"), s.file().sharers());
  }

  @Test
  void sameNameWithOtherContentIsAConflict() {
    Outcome<FileRules.Shared> o =
        FileRules.share(Optional.of(file(HASH, List.of("alice"))), file("b".repeat(40), List.of()), "g", "bob");
    assertEquals(Rejection.Kind.CONFLICT, assertInstanceOf(Outcome.Refused.class, o).rejection().kind());
  }

  @Test
  void fileWithNoSharersLeftLeavesTheList() {
    assertEquals(Optional.empty(), done(FileRules.unshare(Optional.of(file(HASH, List.of("alice"))), "a.iso", "g", "alice")));
    assertEquals(
        List.of("bob"),
        done(FileRules.unshare(Optional.of(file(HASH, List.of("alice", "bob"))), "a.iso", "g", "alice"))
            .orElseThrow()
            .sharers());
  }

  @Test
  void stoppingAShareYouDoNotHaveIsNotFound() {
    Outcome<Optional<SharedFile>> o =
        FileRules.unshare(Optional.of(file(HASH, List.of("alice"))), "a.iso", "g", "bob");
    assertEquals(Rejection.Kind.NOT_FOUND, assertInstanceOf(Outcome.Refused.class, o).rejection().kind());
    Outcome<Optional<SharedFile>> missing = FileRules.unshare(Optional.empty(), "a.iso", "g", "bob");
    assertEquals(Rejection.Kind.NOT_FOUND, assertInstanceOf(Outcome.Refused.class, missing).rejection().kind());
  }
}
