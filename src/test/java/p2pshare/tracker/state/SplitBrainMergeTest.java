package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.spi.merge.MergingValue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SplitBrainMergeTest {

  /** A merging entry whose raw form is tagged, to see which side the policy returned. */
  private record Entry(String value) implements MergingValue<String> {
    @Override
    public String getValue() {
      return value;
    }

    @Override
    public Object getRawValue() {
      return "raw " + value;
    }
  }

  private final SplitBrainMerge registers = new SplitBrainMerge.Registers();

  @Test
  void newerIncomingVersionReplacesTheOlderOne() {
    assertEquals("raw 5:{}", registers.merge(new Entry("5:{}"), new Entry("4:{}")));
  }

  @Test
  void olderIncomingVersionIsDropped() {
    assertEquals("raw 9!", registers.merge(new Entry("3:{}"), new Entry("9!")));
  }

  @Test
  void newerTombstoneWinsOverALiveValue() {
    assertEquals("raw 7!", registers.merge(new Entry("7!"), new Entry("6:{}")));
  }

  @Test
  void equalVersionsPickTheSameValueWhicheverSideMergesIntoTheOther() {
    assertEquals("raw 2:{\"b\":1}", registers.merge(new Entry("2:{\"a\":1}"), new Entry("2:{\"b\":1}")));
    assertEquals("raw 2:{\"b\":1}", registers.merge(new Entry("2:{\"b\":1}"), new Entry("2:{\"a\":1}")));
  }

  @Test
  void entryOnlyOnTheIncomingSideIsTaken() {
    assertEquals("raw 1:{}", registers.merge(new Entry("1:{}"), null));
  }

  @Test
  void groupsEditedOnBothSidesMergeIntoANewValue() {
    Replica before = Replica.empty(GroupState.KIND).group(g -> GroupRules.create(g, "g", "alice"));
    String a = before.group(g -> GroupRules.requestJoin(g, "g", "bob")).value().encode();
    String b = before.group(g -> GroupRules.requestJoin(g, "g", "carol")).value().encode();
    Object merged = new SplitBrainMerge.Groups().merge(new Entry(a), new Entry(b));
    Replica result = new Replica(GroupState.KIND, Optional.of(Versioned.decode((String) merged)));
    assertEquals(List.of("bob", "carol"), result.group().orElseThrow().pending());
  }

  @Test
  void eachDurableMapHasItsPolicy() {
    assertEquals(SplitBrainMerge.Groups.class, SplitBrainMerge.forMap(DurableMaps.GROUPS));
    assertEquals(SplitBrainMerge.Files.class, SplitBrainMerge.forMap(DurableMaps.FILES));
    assertEquals(SplitBrainMerge.Registers.class, SplitBrainMerge.forMap(DurableMaps.USERS));
  }
}
