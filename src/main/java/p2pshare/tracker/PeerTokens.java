package p2pshare.tracker;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import p2pshare.common.PeerToken;

/**
 * Issues peer tokens, reusing a recent one for the same user, group and file. Ed25519 signing
 * costs about as much as the rest of a peer-list request together; clients ask every announce
 * interval, so most requests can be answered with a token issued minutes ago. A cached token is
 * reused only while the cluster's key is still the one it was signed with ({@link SigningKey}).
 */
final class PeerTokens {

  /**
   * 5 minutes: the second line of defence behind the member lists peers get with their announces
   * (docs/tracker-api.md). A serving peer that cannot reach a tracker, and so keeps an old member
   * list, or a token from a session that logged out, is served for at most this long. Clients
   * refresh tokens every announce (30 s) and present the fresh one on open connections.
   */
  static final Duration LIFETIME = Duration.ofMinutes(5);

  /**
   * A cached token is handed out only while it has at least this much life left: a token is
   * reused for a minute (two announces, six peer-list refreshes) and then has 4 minutes to run.
   */
  static final Duration MIN_REMAINING = Duration.ofMinutes(4);

  /** 100,000 tokens of ~200 bytes: ~20 MB at worst; the cache starts over beyond that. */
  static final int MAX_CACHED = 100_000;

  private record Issued(String token, Instant expiry, PrivateKey signedWith) {}

  private final Supplier<PrivateKey> key;
  private final Clock clock;
  private final ConcurrentHashMap<String, Issued> issued = new ConcurrentHashMap<>();

  /** {@code key}: the key to sign with now; it may change while tokens signed with the old one are cached. */
  PeerTokens(Supplier<PrivateKey> key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  String token(String user, String group, String infoHash) {
    Instant now = clock.instant();
    String cacheKey = user + '\n' + group + '\n' + infoHash;
    PrivateKey signing = key.get();
    Issued recent = issued.get(cacheKey);
    // Identity, not equals: SigningKey makes a new key object only when the cluster's key changes,
    // and this runs on every peer-list request.
    if (recent != null && recent.signedWith() == signing && recent.expiry().isAfter(now.plus(MIN_REMAINING))) {
      return recent.token();
    }
    Instant expiry = now.plus(LIFETIME);
    String token = PeerToken.sign(signing, user, group, infoHash, now, expiry);
    if (issued.size() >= MAX_CACHED) issued.clear();
    issued.put(cacheKey, new Issued(token, expiry, signing));
    return token;
  }
}
