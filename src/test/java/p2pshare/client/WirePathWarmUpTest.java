package p2pshare.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class WirePathWarmUpTest {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void warmUpRunsThreeRoundsOfTwoDownloadsThatTradeAndLeavesNoFilesBehind() throws Exception {
    Path own = dir.resolve("warm-up");
    Files.createDirectories(own.resolve("left-by-a-killed-client"));

    WirePathWarmUp.Rounds rounds = new WirePathWarmUp(vertx, own).run();

    assertEquals(3, rounds.done());
    assertTrue(rounds.traded() > 0, "the second downloader got no piece from the first: the serving path stayed cold");
    assertFalse(Files.exists(own));
  }

  @Test
  void givingWayStopsTheDownloadUnderWayAndLeavesNoFilesBehind() throws Exception {
    Path own = dir.resolve("warm-up");
    AtomicReference<WirePathWarmUp> warmUp = new AtomicReference<>();
    warmUp.set(new WirePathWarmUp(vertx, own, () -> warmUp.get().giveWay()));

    assertEquals(0, warmUp.get().run().done(), "the first round was stopped, not finished");
    assertFalse(Files.exists(own));
  }

  @Test
  void warmUpThatHasGivenWayStartsNoDownload() throws Exception {
    WirePathWarmUp warmUp = new WirePathWarmUp(vertx, dir.resolve("warm-up"));
    warmUp.giveWay();

    assertEquals(0, warmUp.run().done());
    assertFalse(Files.exists(dir.resolve("warm-up")));
  }
}
