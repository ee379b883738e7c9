package p2pshare.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.swarm.TestSwarm.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.metainfo.InfoDictionary;

/**
 * A few hundred MiB in default 512 KiB pieces from two seeders over loopback. The size comes from
 * {@code -Dbig.mib} (default 200) so the same test measures 1 GiB by hand; the time is logged, not
 * asserted (benchmarks live in bench/).
 */
@Timeout(600)
class BigTransferIT {
  private static final Logger LOG = Logger.getLogger(BigTransferIT.class.getName());
  @TempDir Path dir;
  private final TestSwarm swarm = new TestSwarm();

  @AfterEach
  void close() {
    swarm.close();
  }

  @Test
  void hundredsOfMebibytesArriveIntactFromTwoSeeders() throws Exception {
    long mib = Long.getLong("big.mib", 200);
    Path original = randomFile(dir, "big.bin", mib * 1024 * 1024 + 4321, 8);
    InfoDictionary info = info(original, InfoDictionary.DEFAULT_PIECE_LENGTH);
    TestSwarm.Peer a = swarm.peer();
    a.engine().share(spec(info, original, PeerSource.NONE)).await();
    TestSwarm.Peer b = swarm.peer();
    b.engine().share(spec(info, original, PeerSource.NONE)).await();
    TestSwarm.Peer downloader = swarm.peer();
    Path target = dir.resolve("down").resolve("big.bin");
    var os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    TorrentHandle handle = downloader.engine().download(spec(info, target, source(a, b))).await();
    SwarmTest.awaitCompletion(handle, java.time.Duration.ofMinutes(8));
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    LOG.info(String.format(
        "%d MiB in %.2f s: %.0f MB/s, %.2f CPU-s for all three peers (max heap %d MiB, load %.1f)",
        mib, seconds, info.length() / seconds / 1e6, cpuSeconds,
        Runtime.getRuntime().maxMemory() >> 20, os.getSystemLoadAverage()));
    assertEquals(-1L, Files.mismatch(original, target));
  }
}
