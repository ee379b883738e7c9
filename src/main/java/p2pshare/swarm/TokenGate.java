package p2pshare.swarm;

import java.util.logging.Logger;

/**
 * A torrent's token rule: a peer is served only while the latest token it presented is accepted.
 * Checked at its extended handshake, when it presents a new one, and every second after, so an
 * expired token or one whose user the verifier no longer counts as a member (docs/engine-api.md,
 * "Tokens") closes an open connection too. Our own fresh tokens go out on open connections the
 * same way. Touched only on the engine's context.
 */
final class TokenGate {
  private static final Logger LOG = Logger.getLogger(TokenGate.class.getName());

  private final EngineOptions options;
  private final String infoHash;

  TokenGate(EngineOptions options, String infoHash) {
    this.options = options;
    this.infoHash = infoHash;
  }

  /** A verifier that throws on a malformed token counts as a rejection, never as a crash. */
  boolean accepts(String token) {
    try {
      return token != null && options.verifier().accepts(token, infoHash);
    } catch (RuntimeException e) {
      LOG.fine(() -> "token rejected: " + e.getMessage());
      return false;
    }
  }

  /** Closes a trusted peer whose token no longer holds; presents {@code ours} if it is new. */
  void recheck(PeerConnection conn, String ours) {
    if (conn.isClosed()) {
      return;
    }
    if (options.checkTokens() && conn.trusted && !accepts(conn.peerToken)) {
      conn.close("peer token no longer accepted (expired, or its user left the group)");
      return;
    }
    conn.present(ours);
  }
}
