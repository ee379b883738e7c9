package p2pshare.client;

import io.vertx.core.Future;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import p2pshare.common.MemberTokens;
import p2pshare.common.PeerToken;
import p2pshare.swarm.TokenVerifier;

/**
 * Checks remote peers' tokens with the trackers' public key ({@code GET /api/peer-key}) and the
 * member lists of {@link #members()}, which the tracker replies feed. The key is
 * fetched once, on first need after the trackers are reachable; a failed fetch is tried again the
 * next time a token arrives, and until a key is known every token is refused (serving nothing to
 * an unchecked peer is the safe side; the peer retries on its next peer-list refresh).
 *
 * <p>A token whose signature fails makes it fetch the key again, at most once every {@link
 * #REFETCH_INTERVAL}: after a healed split brain the trackers may have moved to the key the merge
 * kept (docs/tracker-api.md, "Peer tokens"), and a key fetched before that would refuse every
 * token until a restart. The token itself is refused; its peer retries at its next refresh.
 */
final class PeerKeyVerifier implements TokenVerifier {
  private static final Logger LOG = Logger.getLogger(PeerKeyVerifier.class.getName());

  /**
   * 5 s: half the peer-list refresh (10 s), so a peer retrying with a token signed with the new key
   * finds it known; and a peer sending forged tokens costs the trackers one request per 5 s at most.
   */
  static final Duration REFETCH_INTERVAL = Duration.ofSeconds(5);

  private final TrackerClient tracker;
  private final AtomicReference<PublicKey> key = new AtomicReference<>();
  private final AtomicBoolean fetching = new AtomicBoolean();
  /** {@link System#nanoTime} of the last fetch started. */
  private final AtomicLong lastFetch = new AtomicLong(System.nanoTime() - REFETCH_INTERVAL.toNanos());
  private final MemberTokens members = new MemberTokens();

  PeerKeyVerifier(TrackerClient tracker) {
    this.tracker = tracker;
  }

  /** The member lists tokens are checked against; every tracker reply with a token updates them. */
  MemberTokens members() {
    return members;
  }

  /** Fetches the key unless it is known or being fetched; succeeds once a key is known. */
  Future<Void> ensureKey() {
    if (key.get() != null) return Future.succeededFuture();
    return fetch();
  }

  /** A token did not verify with the key we hold: fetch it again unless we did so just now. */
  private void refetchSoon() {
    long now = System.nanoTime();
    long last = lastFetch.get();
    if (now - last >= REFETCH_INTERVAL.toNanos() && lastFetch.compareAndSet(last, now)) fetch();
  }

  /** Starts a fetch unless one is under way; never blocks (the trackers answer asynchronously). */
  private Future<Void> fetch() {
    if (!fetching.compareAndSet(false, true)) return Future.succeededFuture();
    lastFetch.set(System.nanoTime());
    return tracker
        .get("/api/peer-key")
        .map(r -> {
          key.set(PeerToken.publicKey(Base64.getDecoder().decode(r.getString("publicKey", ""))));
          return (Void) null;
        })
        .onFailure(e -> LOG.warning("cannot fetch the trackers' peer key (will retry): " + e.getMessage()))
        .onComplete(r -> fetching.set(false));
  }

  @Override
  public boolean accepts(String token, String infoHashHex) {
    PublicKey known = key.get();
    if (known == null) {
      ensureKey();
      return false;
    }
    if (members.check(known, token, infoHashHex, Instant.now()) instanceof PeerToken.Invalid invalid) {
      LOG.info("refused a peer for " + infoHashHex + ": " + invalid.message());
      if (invalid.reason() == PeerToken.Reason.BAD_SIGNATURE) refetchSoon();
      return false;
    }
    return true;
  }
}
