package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two copies of one group edited on both sides of a split brain, then merged. */
class GroupMergeTest {

  private static final String G = "movies";

  /** alice owns movies with member bob; dave asked to join: the state when the split begins. */
  private static final Replica BEFORE_SPLIT =
      Replica.empty(GroupState.KIND)
          .group(g -> GroupRules.create(g, G, "alice"))
          .group(g -> GroupRules.requestJoin(g, G, "bob"))
          .group(g -> GroupRules.accept(g, G, "alice", "bob"))
          .group(g -> GroupRules.requestJoin(g, G, "dave"));

  private static Group merged(Replica a, Replica b) {
    return a.mergedBothWays(b).group().orElseThrow();
  }

  @Test
  void joinRequestsMadeOnBothSidesAreBothPending() {
    Replica a = BEFORE_SPLIT.group(g -> GroupRules.requestJoin(g, G, "erin"));
    Replica b = BEFORE_SPLIT.group(g -> GroupRules.requestJoin(g, G, "frank"));
    assertEquals(List.of("dave", "erin", "frank"), merged(a, b).pending());
  }

  @Test
  void anAcceptOnOneSideAndAJoinOnTheOtherBothSurvive() {
    Replica a = BEFORE_SPLIT.group(g -> GroupRules.accept(g, G, "alice", "dave"));
    Replica b = BEFORE_SPLIT.group(g -> GroupRules.requestJoin(g, G, "erin"));
    Group g = merged(a, b);
    assertEquals(List.of("alice", "bob", "dave"), g.members());
    assertEquals(List.of("erin"), g.pending());
    assertEquals("alice", g.owner());
  }

  @Test
  void aRejectIsNotUndoneByTheOtherSidesStaleCopy() {
    Replica a = BEFORE_SPLIT.group(g -> GroupRules.reject(g, G, "alice", "dave"));
    Replica b = BEFORE_SPLIT.group(g -> GroupRules.requestJoin(g, G, "erin"));
    assertEquals(List.of("erin"), merged(a, b).pending());
  }

  @Test
  void aLeaveIsNotUndoneByTheOtherSidesStaleCopy() {
    Replica a = BEFORE_SPLIT.leave(G, "bob");
    Replica b = BEFORE_SPLIT.group(g -> GroupRules.accept(g, G, "alice", "dave"));
    assertEquals(List.of("alice", "dave"), merged(a, b).members());
  }

  @Test
  void anOwnerWhoLeftOnOneSideIsReplacedByTheLongestStandingMemberOfTheMerge() {
    Replica a = BEFORE_SPLIT.leave(G, "alice");
    Replica b = BEFORE_SPLIT.group(g -> GroupRules.accept(g, G, "alice", "dave"));
    Group g = merged(a, b);
    assertEquals("bob", g.owner());
    assertEquals(List.of("bob", "dave"), g.members());
  }

  @Test
  void theSameRequestAcceptedOnOneSideAndRejectedOnTheOtherEndsTheSameEverywhere() {
    Replica a = BEFORE_SPLIT.group(g -> GroupRules.accept(g, G, "alice", "dave"));
    Replica b = BEFORE_SPLIT.group(g -> GroupRules.reject(g, G, "alice", "dave"));
    Group g = merged(a, b);
    // Same logical moment: the removal ranks higher (GroupState.GONE).
    assertEquals(List.of("alice", "bob"), g.members());
    assertEquals(List.of(), g.pending());
  }

  @Test
  void aGroupDeletedOnOneSideStaysDeletedWhenTheOtherOnlyAskedToJoin() {
    Replica a = BEFORE_SPLIT.leave(G, "bob").leave(G, "alice");
    Replica b = BEFORE_SPLIT.group(g -> GroupRules.requestJoin(g, G, "erin"));
    assertEquals(Optional.empty(), a.mergedBothWays(b).group());
  }

  @Test
  void aGroupDeletedOnOneSideLivesOnWithAMemberTheOtherSideAddedLater() {
    Replica a = BEFORE_SPLIT.leave(G, "bob").leave(G, "alice");
    Replica b =
        BEFORE_SPLIT.group(g -> GroupRules.requestJoin(g, G, "erin"))
            .group(g -> GroupRules.requestJoin(g, G, "frank"))
            .group(g -> GroupRules.accept(g, G, "alice", "erin"));
    Group g = merged(a, b);
    assertEquals(List.of("erin"), g.members());
    assertEquals("erin", g.owner());
  }

  @Test
  void aRecreatedGroupDoesNotInheritTheOldRequests() {
    Replica recreated =
        BEFORE_SPLIT.leave(G, "bob").leave(G, "alice").group(g -> GroupRules.create(g, G, "zoe"));
    assertEquals(Optional.of(new Group(G, "zoe", List.of("zoe"), List.of())), recreated.group());
  }

  @Test
  void mergedCopiesCarryAVersionAboveBothSides() {
    Replica a = BEFORE_SPLIT.group(g -> GroupRules.requestJoin(g, G, "erin"));
    Replica b = BEFORE_SPLIT.group(g -> GroupRules.requestJoin(g, G, "frank"));
    long version = a.merge(b).value().version();
    assertTrue(version > a.value().version() && version > b.value().version(), () -> "version " + version);
  }

  @Test
  void everyWriteRaisesTheVersion() {
    Replica a = BEFORE_SPLIT.group(g -> GroupRules.requestJoin(g, G, "erin"));
    Replica b = a.group(g -> GroupRules.reject(g, G, "alice", "erin"));
    assertTrue(a.value().version() > BEFORE_SPLIT.value().version());
    assertTrue(b.value().version() > a.value().version());
  }

  @Test
  void anOldSnapshotLoadsAsTheSameGroup() {
    Group old = new Group(G, "carol", List.of("carol", "alice", "bob"), List.of("dave", "erin"));
    Versioned stored = new Versioned(7, old.toJson().encode());
    assertEquals(Optional.of(old.toJson().encode()), GroupState.KIND.live(stored));
  }

  @Test
  void oldSnapshotsMergeAsTheHigherVersionDid() {
    Group older = new Group(G, "alice", List.of("alice", "bob"), List.of("dave"));
    Group newer = new Group(G, "alice", List.of("alice", "carol"), List.of());
    Versioned merged = GroupState.KIND.merge(new Versioned(3, older.toJson().encode()), new Versioned(5, newer.toJson().encode()));
    assertEquals(Optional.of(newer.toJson().encode()), GroupState.KIND.live(merged));
    assertTrue(merged.version() > 5);
  }

  @Test
  void anOldTombstoneStillHidesTheOlderSnapshotItDeleted() {
    Group older = new Group(G, "alice", List.of("alice"), List.of());
    Versioned merged = GroupState.KIND.merge(new Versioned(3, older.toJson().encode()), new Versioned(4, null));
    assertEquals(Optional.empty(), GroupState.KIND.live(merged));
  }

  @Test
  void aWriteOnAnOldSnapshotKeepsItsMembersAndOrder() {
    Group old = new Group(G, "carol", List.of("carol", "alice"), List.of("dave"));
    Replica upgraded = new Replica(GroupState.KIND, Optional.of(new Versioned(9, old.toJson().encode())))
        .group(g -> GroupRules.accept(g, G, "carol", "dave"));
    assertEquals(Optional.of(new Group(G, "carol", List.of("carol", "alice", "dave"), List.of())), upgraded.group());
    assertTrue(upgraded.value().version() > 9);
  }
}
