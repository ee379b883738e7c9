package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MergeRuleTest {

  private static Optional<Versioned> v(long version, String data) {
    return Optional.of(new Versioned(version, data));
  }

  @Test
  void aloneTheDiskIsLoadedIntoTheCluster() {
    assertEquals(MergeRule.Action.PUSH_TO_CLUSTER, MergeRule.decide(v(3, "x"), Optional.empty()));
  }

  @Test
  void newerOnDiskIsPushed() {
    assertEquals(MergeRule.Action.PUSH_TO_CLUSTER, MergeRule.decide(v(5, "new"), v(4, "old")));
  }

  @Test
  void newerInTheClusterIsWrittenToDisk() {
    assertEquals(MergeRule.Action.WRITE_TO_DISK, MergeRule.decide(v(4, "old"), v(5, "new")));
    assertEquals(MergeRule.Action.WRITE_TO_DISK, MergeRule.decide(Optional.empty(), v(1, "new")));
  }

  @Test
  void deletionMissedWhileDownWinsOverTheStaleLiveCopy() {
    assertEquals(MergeRule.Action.WRITE_TO_DISK, MergeRule.decide(v(2, "group"), v(3, null)));
  }

  @Test
  void deletionMadeBeforeTheClusterRestartIsPushed() {
    assertEquals(MergeRule.Action.PUSH_TO_CLUSTER, MergeRule.decide(v(3, null), v(2, "group")));
  }

  @Test
  void equalEntriesNeedNothing() {
    assertEquals(MergeRule.Action.NOTHING, MergeRule.decide(v(2, "same"), v(2, "same")));
    assertEquals(MergeRule.Action.NOTHING, MergeRule.decide(Optional.empty(), Optional.empty()));
  }

  @Test
  void splitBrainTieIsSettledByTheCluster() {
    assertEquals(MergeRule.Action.WRITE_TO_DISK, MergeRule.decide(v(2, "mine"), v(2, "theirs")));
  }
}
