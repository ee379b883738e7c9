package p2pshare.swarm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.swarm.TestSwarm.*;

import io.netty.buffer.PoolArenaMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.metainfo.InfoDictionary;

/**
 * Where a peer socket's reads land: in buffers of the engine's own pool, given back after each
 * read. Netty's default allocator, in a heap as small as a client's, pools nothing above 256 KiB
 * and took fresh direct memory for every large read.
 */
@Timeout(60)
class SocketReadsTest {
  private static final long FILE_BYTES = 32L * 1024 * 1024;
  @TempDir Path dir;
  private final TestSwarm swarm = new TestSwarm();

  @AfterEach
  void close() {
    swarm.close();
  }

  /** Summed over the pool's direct arenas. */
  private static long sum(ToLongFunction<PoolArenaMetric> counter) {
    return PeerConnection.READ_BUFFERS.metric().directArenas().stream().mapToLong(counter).sum();
  }

  /** Buffers larger than the threads' caches take (32 KiB) taken and not yet given back. */
  private static long largeBuffersOut() {
    return sum(PoolArenaMetric::numNormalAllocations) - sum(PoolArenaMetric::numNormalDeallocations);
  }

  @Test
  void aDownloadReadsIntoThePoolAndGivesEveryBufferBack() throws Exception {
    long takenBefore = sum(PoolArenaMetric::numNormalAllocations);
    long outBefore = largeBuffersOut();
    Path original = randomFile(dir, "data.bin", FILE_BYTES, 7);
    InfoDictionary info = info(original, 512 * 1024);
    TestSwarm.Peer seeder = swarm.peer();
    seeder.engine().share(spec(info, original, PeerSource.NONE)).await();
    Path target = dir.resolve("down").resolve("data.bin");
    TorrentHandle handle = swarm.peer().engine().download(spec(info, target, source(seeder))).await();
    SwarmTest.awaitCompletion(handle);
    assertEquals(-1L, Files.mismatch(original, target));

    long taken = sum(PoolArenaMetric::numNormalAllocations) - takenBefore;
    assertTrue(taken > 0, "the download's large reads came from the pool");
    swarm.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> largeBuffersOut() <= outBefore);
  }
}
