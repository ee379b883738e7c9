package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MergeRuleTest {

  private static final DurableKind USERS = DurableKind.of(DurableMaps.USERS);
  private static final DurableKind GROUPS = DurableKind.of(DurableMaps.GROUPS);

  private static Optional<Versioned> v(long version, String data) {
    return Optional.of(new Versioned(version, data));
  }

  private static MergeRule.Plan plan(Optional<Versioned> merged, boolean push, boolean write) {
    return new MergeRule.Plan(merged, push, write);
  }

  @Test
  void aloneTheDiskIsLoadedIntoTheCluster() {
    assertEquals(plan(v(3, "x"), true, false), MergeRule.decide(USERS, v(3, "x"), Optional.empty()));
  }

  @Test
  void newerOnDiskIsPushed() {
    assertEquals(plan(v(5, "new"), true, false), MergeRule.decide(USERS, v(5, "new"), v(4, "old")));
  }

  @Test
  void newerInTheClusterIsWrittenToDisk() {
    assertEquals(plan(v(5, "new"), false, true), MergeRule.decide(USERS, v(4, "old"), v(5, "new")));
    assertEquals(plan(v(1, "new"), false, true), MergeRule.decide(USERS, Optional.empty(), v(1, "new")));
  }

  @Test
  void deletionMissedWhileDownWinsOverTheStaleLiveCopy() {
    assertEquals(plan(v(3, null), false, true), MergeRule.decide(USERS, v(2, "session"), v(3, null)));
  }

  @Test
  void deletionMadeBeforeTheClusterRestartIsPushed() {
    assertEquals(plan(v(3, null), true, false), MergeRule.decide(USERS, v(3, null), v(2, "session")));
  }

  @Test
  void equalEntriesNeedNothing() {
    assertEquals(plan(v(2, "same"), false, false), MergeRule.decide(USERS, v(2, "same"), v(2, "same")));
    assertEquals(MergeRule.Plan.NOTHING, MergeRule.decide(USERS, Optional.empty(), Optional.empty()));
  }

  @Test
  void aSplitBrainTieIsSettledTheSameWayFromEitherSide() {
    assertEquals(plan(v(2, "theirs"), false, true), MergeRule.decide(USERS, v(2, "mine"), v(2, "theirs")));
    assertEquals(plan(v(2, "theirs"), true, false), MergeRule.decide(USERS, v(2, "theirs"), v(2, "mine")));
  }

  @Test
  void aGroupEditedOnBothSidesGoesBothWays() {
    Replica before = Replica.empty(GROUPS).group(g -> GroupRules.create(g, "g", "alice"));
    Versioned disk = before.group(g -> GroupRules.requestJoin(g, "g", "bob")).value();
    Versioned cluster = before.group(g -> GroupRules.requestJoin(g, "g", "carol")).value();
    MergeRule.Plan plan = MergeRule.decide(GROUPS, Optional.of(disk), Optional.of(cluster));
    assertEquals(true, plan.pushToCluster());
    assertEquals(true, plan.writeToDisk());
    assertEquals(List.of("bob", "carol"),
        new Replica(GROUPS, plan.merged()).group().orElseThrow().pending());
  }
}
