package p2pshare.swarm;

/**
 * Bytes per second over the last few seconds, in one-second buckets (a single burst or pause
 * hardly moves it). Driven by a caller-supplied clock so it stays deterministic; single owner.
 */
final class RateMeter {
  /** 5 s window: smooth enough for pipeline sizing, recent enough for the UI. */
  private static final int BUCKETS = 5;
  private final long[] bytes = new long[BUCKETS];
  private long currentSecond = Long.MIN_VALUE;
  private long total;

  void add(long n, long nowMillis) {
    roll(nowMillis);
    bytes[Math.floorMod(currentSecond, BUCKETS)] += n;
    total += n;
  }

  double perSecond(long nowMillis) {
    roll(nowMillis);
    long sum = 0;
    for (long b : bytes) {
      sum += b;
    }
    double elapsedInCurrent = (nowMillis % 1000) / 1000.0;
    return sum / (BUCKETS - 1 + Math.max(elapsedInCurrent, 0.001));
  }

  long total() {
    return total;
  }

  private void roll(long nowMillis) {
    long second = nowMillis / 1000;
    if (currentSecond == Long.MIN_VALUE) {
      currentSecond = second;
      return;
    }
    for (long s = currentSecond + 1; s <= second && s <= currentSecond + BUCKETS; s++) {
      bytes[Math.floorMod(s, BUCKETS)] = 0;
    }
    currentSecond = Math.max(currentSecond, second);
  }
}
