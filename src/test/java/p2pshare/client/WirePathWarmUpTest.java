package p2pshare.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
  void warmUpDownloadsItsFileThreeTimesOverLoopbackAndLeavesNoFilesBehind() throws Exception {
    Path own = dir.resolve("warm-up");
    Files.createDirectories(own.resolve("left-by-a-killed-client"));

    assertEquals(3, new WirePathWarmUp(vertx, own).run());
    assertFalse(Files.exists(own));
  }

  @Test
  void givingWayStopsTheDownloadUnderWayAndLeavesNoFilesBehind() throws Exception {
    Path own = dir.resolve("warm-up");
    AtomicReference<WirePathWarmUp> warmUp = new AtomicReference<>();
    warmUp.set(new WirePathWarmUp(vertx, own, () -> warmUp.get().giveWay()));

    assertEquals(0, warmUp.get().run(), "the first download was stopped, not finished");
    assertFalse(Files.exists(own));
  }

  @Test
  void warmUpThatHasGivenWayStartsNoDownload() throws Exception {
    WirePathWarmUp warmUp = new WirePathWarmUp(vertx, dir.resolve("warm-up"));
    warmUp.giveWay();

    assertEquals(0, warmUp.run());
    assertFalse(Files.exists(dir.resolve("warm-up")));
  }
}
