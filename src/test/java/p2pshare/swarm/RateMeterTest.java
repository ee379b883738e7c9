package p2pshare.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateMeterTest {
  @Test
  void steadyTrafficReadsAsItsRateAndFadesAfterTheWindow() {
    RateMeter meter = new RateMeter();
    long t = 1_000_000;
    for (int second = 0; second < 10; second++) {
      meter.add(1_000_000, t + second * 1000L);
    }
    assertEquals(1_000_000, meter.perSecond(t + 9_999), 30_000);
    assertEquals(10_000_000, meter.total());
    assertEquals(0, meter.perSecond(t + 20_000));
  }

  @Test
  void aYoungMeterReadsItsRateOverItsAgeNotOverTheWholeWindow() {
    RateMeter meter = new RateMeter();
    long t = 1_000_500;
    for (int ms = 0; ms < 1500; ms += 10) {
      meter.add(100_000, t + ms);
    }
    // 15 MB in 1.5 s: 10 MB/s (over the 5 s window it would read as about 3.3 MB/s).
    assertEquals(10_000_000, meter.perSecond(t + 1500), 200_000);
  }

  @Test
  void aFirstBurstIsTakenOverATenthOfASecondAtLeast() {
    RateMeter meter = new RateMeter();
    long t = 2_000_000;
    assertEquals(0, meter.perSecond(t));
    meter.add(16_384, t);
    assertEquals(163_840, meter.perSecond(t), 1);
    assertEquals(163_840, meter.perSecond(t + 50), 1);
  }
}
