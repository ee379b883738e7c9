package p2pshare.swarm;

import io.vertx.core.Future;
import java.nio.file.Path;

/** A shared or downloading file inside the engine. Safe to use from any thread. */
public interface TorrentHandle {
  String infoHash();

  /** The latest snapshot, refreshed on every verified piece (at most 5 times a second) and every second. */
  TorrentStatus status();

  /** Succeeds with the final path once the whole file is verified; fails with a one-line reason. */
  Future<Path> completion();
}
