package p2pshare.storage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlushBehindTest {
  private static final long EVERY = 1000;
  private static final Duration SOON = Duration.ofSeconds(10);

  /** Every force the store asks for, in order: false for a data flush, true for the final one. */
  private final List<Boolean> forces = new CopyOnWriteArrayList<>();

  @Test
  void flushesOnceEveryThresholdOfBytesAndNotBefore() throws IOException {
    FlushBehind flush = new FlushBehind(forces::add, EVERY);
    assertFalse(flush.written(600));
    assertFalse(flush.written(399));
    flush.finalFlush();
    assertEquals(List.of(true), forces, "999 bytes: no flush behind, only the final one");

    forces.clear();
    FlushBehind second = new FlushBehind(forces::add, EVERY);
    assertFalse(second.written(600));
    assertTrue(second.written(400));
    await().atMost(SOON).until(() -> !second.running());
    assertFalse(second.written(999), "the count starts again with each flush");
    assertTrue(second.written(1));
    await().atMost(SOON).until(() -> !second.running());
    second.finalFlush();
    assertEquals(List.of(false, false, true), forces);
  }

  @Test
  void writersNeverWaitForARunningFlushAndItsBytesCountTowardsTheNext() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FlushBehind flush = new FlushBehind(metadata -> {
      forces.add(metadata);
      started.countDown();
      if (!metadata) {
        hold(release);
      }
    }, EVERY);
    assertTrue(flush.written(EVERY));
    assertTrue(started.await(10, TimeUnit.SECONDS), "the first flush started");
    for (int i = 0; i < 5; i++) {
      assertFalse(flush.written(EVERY), "returns at once and starts none: the first flush is still held");
    }
    release.countDown();
    await().atMost(SOON).until(() -> !flush.running());
    assertTrue(flush.written(1), "more than a threshold since the first flush began: the next one starts");
    await().atMost(SOON).until(() -> !flush.running());
    flush.finalFlush();
    assertEquals(List.of(false, false, true), forces);
  }

  @Test
  void aFailedFlushFailsTheFinalOneEvenIfTheDiskSeemsFineByThen() {
    FlushBehind flush = new FlushBehind(metadata -> {
      forces.add(metadata);
      if (!metadata) {
        throw new IOException("Input/output error");
      }
    }, EVERY);
    assertTrue(flush.written(EVERY));
    await().atMost(SOON).until(() -> !flush.running());
    IOException e = assertThrows(IOException.class, flush::finalFlush);
    assertTrue(e.getMessage().contains("Input/output error"), e.getMessage());
    assertEquals(List.of(false), forces, "nothing is called durable after a lost write");
  }

  @Test
  void aFlushThatFindsTheFileClosedIsNoFailure() throws IOException {
    FlushBehind flush = new FlushBehind(metadata -> {
      forces.add(metadata);
      if (!metadata) {
        throw new AsynchronousCloseException();
      }
    }, EVERY);
    assertTrue(flush.written(EVERY));
    await().atMost(SOON).until(() -> !flush.running());
    flush.finalFlush();
    assertEquals(List.of(false, true), forces);
  }

  @Test
  void noFlushRunsAfterTheFinalOne() throws IOException {
    FlushBehind flush = new FlushBehind(forces::add, EVERY);
    flush.finalFlush();
    assertFalse(flush.written(10 * EVERY), "nothing is flushed behind the final flush");
    assertEquals(List.of(true), forces);
  }

  private static void hold(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
