package p2pshare.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrackerInfoTest {

  @Test
  void acceptsColonAndSpaceFormsWithCommentsAndBlankLines() {
    TrackerInfo info =
        TrackerInfo.parse(
            List.of("# trackers", "", "127.0.0.1:6000", "  127.0.0.1 6001   # second", "10.0.0.1:7000 7100"),
            "t.txt");
    assertEquals(3, info.trackers().size());
    assertEquals(new TrackerInfo.Address("127.0.0.1", 6000, 7000), info.tracker(1));
    assertEquals(new TrackerInfo.Address("127.0.0.1", 6001, 7001), info.tracker(2));
    assertEquals(new TrackerInfo.Address("10.0.0.1", 7000, 7100), info.tracker(3));
  }

  @Test
  void malformedLineNamesTheLine() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrackerInfo.parse(List.of("127.0.0.1:6000", "127.0.0.1:notaport"), "t.txt"));
    assertTrue(e.getMessage().startsWith("t.txt line 2:"), e.getMessage());
  }

  @Test
  void emptyFileIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TrackerInfo.parse(List.of("# none"), "t.txt"));
  }

  @Test
  void trackerNumberOutOfRangeSaysHowManyThereAre() {
    TrackerInfo info = TrackerInfo.parse(List.of("127.0.0.1:6000"), "t.txt");
    var e = assertThrows(IllegalArgumentException.class, () -> info.tracker(2));
    assertTrue(e.getMessage().contains("1 tracker(s)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> info.tracker(0));
  }
}
