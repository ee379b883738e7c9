package p2pshare.swarm;

/** Checks a remote peer's tracker-signed token (the client wires {@code PeerToken} in here). */
@FunctionalInterface
public interface TokenVerifier {
  /** True if the signature holds, the token names {@code infoHashHex} and has not expired. */
  boolean accepts(String token, String infoHashHex);
}
