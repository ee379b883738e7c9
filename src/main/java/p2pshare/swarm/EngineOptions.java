package p2pshare.swarm;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link PeerEngine}.
 *
 * @param checkTokens serve a peer only once its token verifies; switched off only by the
 *     interoperability tests with stock BitTorrent clients, never by the launchers
 */
public record EngineOptions(
    String host,
    int port,
    String peerId,
    int maxPeersPerTorrent,
    boolean checkTokens,
    TokenVerifier verifier,
    Duration peerRefresh,
    Duration stallTimeout) {

  /** Azureus-style id prefix: client "PS", version 0001. */
  public static final String PEER_ID_PREFIX = "-PS0001-";
  /** 30 peers: enough sources to fill any link, few enough that each gets a useful share. */
  public static final int DEFAULT_MAX_PEERS = 30;

  public EngineOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(verifier, "verifier");
    if (peerId == null) {
      peerId = randomPeerId();
    }
    if (peerId.length() != 20) {
      throw new IllegalArgumentException("peer id must be 20 characters: " + peerId);
    }
    if (maxPeersPerTorrent < 1) {
      throw new IllegalArgumentException("maxPeersPerTorrent must be positive");
    }
  }

  /**
   * Refresh peers every 10 s (new sources show up quickly, the tracker sees a request per
   * download per 10 s); drop a peer that sent nothing for 20 s while we wait on it (a live peer on
   * any real link answers a 16 KiB request far sooner).
   */
  public static EngineOptions defaults(String host, int port, TokenVerifier verifier) {
    return new EngineOptions(host, port, null, DEFAULT_MAX_PEERS, true, verifier,
        Duration.ofSeconds(10), Duration.ofSeconds(20));
  }

  public EngineOptions withPeerId(String id) {
    return new EngineOptions(host, port, id, maxPeersPerTorrent, checkTokens, verifier,
        peerRefresh, stallTimeout);
  }

  public EngineOptions withMaxPeersPerTorrent(int max) {
    return new EngineOptions(host, port, peerId, max, checkTokens, verifier, peerRefresh,
        stallTimeout);
  }

  public EngineOptions withCheckTokens(boolean check) {
    return new EngineOptions(host, port, peerId, maxPeersPerTorrent, check, verifier, peerRefresh,
        stallTimeout);
  }

  public EngineOptions withPeerRefresh(Duration refresh) {
    return new EngineOptions(host, port, peerId, maxPeersPerTorrent, checkTokens, verifier,
        refresh, stallTimeout);
  }

  public EngineOptions withStallTimeout(Duration timeout) {
    return new EngineOptions(host, port, peerId, maxPeersPerTorrent, checkTokens, verifier,
        peerRefresh, timeout);
  }

  private static String randomPeerId() {
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    SecureRandom random = new SecureRandom();
    StringBuilder id = new StringBuilder(PEER_ID_PREFIX);
    while (id.length() < 20) {
      id.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return id.toString();
  }
}
