package p2pshare.client;

import io.vertx.core.Future;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
final class PeerKeyVerifier implements TokenVerifier {
  private static final Logger LOG = Logger.getLogger(PeerKeyVerifier.class.getName());

  private final TrackerClient tracker;
  private final AtomicReference<PublicKey> key = new AtomicReference<>();
  private final AtomicBoolean fetching = new AtomicBoolean();
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
    if (!fetching.compareAndSet(false, true)) return Future.succeededFuture();
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
      return false;
    }
    return true;
  }
}
