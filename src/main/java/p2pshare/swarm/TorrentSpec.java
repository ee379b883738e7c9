package p2pshare.swarm;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import p2pshare.metainfo.InfoDictionary;

/**
 * What to share or download.
 *
 * @param file the shared file, or the final path of a download (which must not exist yet)
 * @param token our current peer token for this file; asked again for every new connection
 * @param peers where to find other peers; asked at start and every {@code peerRefresh}
 */
public record TorrentSpec(
    InfoDictionary info, String group, Path file, Supplier<String> token, PeerSource peers) {
  public TorrentSpec {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(peers, "peers");
  }
}
