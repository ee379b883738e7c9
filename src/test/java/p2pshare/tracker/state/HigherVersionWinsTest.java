package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.spi.merge.MergingValue;
import org.junit.jupiter.api.Test;

class HigherVersionWinsTest {

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

  private final HigherVersionWins policy = new HigherVersionWins();

  @Test
  void newerIncomingVersionReplacesTheOlderOne() {
    assertEquals("raw 5:{}", policy.merge(new Entry("5:{}"), new Entry("4:{}")));
  }

  @Test
  void olderIncomingVersionIsDropped() {
    assertEquals("raw 9!", policy.merge(new Entry("3:{}"), new Entry("9!")));
  }

  @Test
  void newerTombstoneWinsOverALiveValue() {
    assertEquals("raw 7!", policy.merge(new Entry("7!"), new Entry("6:{}")));
  }

  @Test
  void equalVersionsKeepTheSideMergedInto() {
    assertEquals("raw 2:{\"b\":1}", policy.merge(new Entry("2:{\"a\":1}"), new Entry("2:{\"b\":1}")));
  }

  @Test
  void entryOnlyOnTheIncomingSideIsTaken() {
    assertEquals("raw 1:{}", policy.merge(new Entry("1:{}"), null));
  }
}
