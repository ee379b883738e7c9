package p2pshare.tracker;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import p2pshare.common.PeerToken;

/**
 * Issues peer tokens, reusing a recent one for the same user, group and file. Ed25519 signing
 * costs about as much as the rest of a peer-list request together; clients ask every announce
 * interval, so most requests can be answered with a token issued minutes ago.
 */
final class PeerTokens {

  /**
   * 1 hour: outlives the connections of a long download (tokens are checked at handshake and
   * refreshed with every announce) while a member who left loses access within the hour.
   */
  static final Duration LIFETIME = Duration.ofHours(1);

  /** A cached token is handed out only while it has at least this much life left. */
  static final Duration MIN_REMAINING = Duration.ofMinutes(45);

  /** 100,000 tokens of ~200 bytes: ~20 MB at worst; the cache starts over beyond that. */
  static final int MAX_CACHED = 100_000;

  private record Issued(String token, Instant expiry) {}

  private final PrivateKey key;
  private final Clock clock;
  private final ConcurrentHashMap<String, Issued> issued = new ConcurrentHashMap<>();

  PeerTokens(PrivateKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  String token(String user, String group, String infoHash) {
    Instant now = clock.instant();
    String cacheKey = user + '\n' + group + '\n' + infoHash;
    Issued recent = issued.get(cacheKey);
    if (recent != null && recent.expiry().isAfter(now.plus(MIN_REMAINING))) return recent.token();
    Instant expiry = now.plus(LIFETIME);
    String token = PeerToken.sign(key, user, group, infoHash, expiry);
    if (issued.size() >= MAX_CACHED) issued.clear();
    issued.put(cacheKey, new Issued(token, expiry));
    return token;
  }
}
