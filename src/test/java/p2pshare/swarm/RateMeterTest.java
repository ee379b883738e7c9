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
}
