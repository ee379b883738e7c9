package p2pshare.swarm;

/**
 * Bytes per second over the last few seconds, in one-second buckets (a single burst or pause
 * hardly moves it). A meter younger than its window divides by its age, so a connection's first
 * seconds read at their rate, not at a fifth of it: the rate sizes request pipelines, and a whole
 * 1 GiB download is over in about three seconds. Driven by a caller-supplied clock so it stays
 * deterministic; single owner.
 */
final class RateMeter {
  /** 5 s window: smooth enough for pipeline sizing, recent enough for the UI. */
  private static final int BUCKETS = 5;
  /** The shortest span a rate is taken over: the first burst alone is not a rate. */
  private static final double MIN_SPAN_SECONDS = 0.1;
  private final long[] bytes = new long[BUCKETS];
  private long currentSecond = Long.MIN_VALUE;
  private long total;
  private long firstAt = Long.MIN_VALUE;

  void add(long n, long nowMillis) {
    roll(nowMillis);
    if (firstAt == Long.MIN_VALUE) {
      firstAt = nowMillis;
    }
    bytes[Math.floorMod(currentSecond, BUCKETS)] += n;
    total += n;
  }

  double perSecond(long nowMillis) {
    roll(nowMillis);
    long sum = 0;
    for (long b : bytes) {
      sum += b;
    }
    if (sum == 0) {
      return 0;
    }
    double elapsedInCurrent = (nowMillis % 1000) / 1000.0;
    double window = BUCKETS - 1 + Math.max(elapsedInCurrent, 0.001);
    double age = (nowMillis - firstAt) / 1000.0;
    return sum / Math.min(window, Math.max(age, MIN_SPAN_SECONDS));
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
