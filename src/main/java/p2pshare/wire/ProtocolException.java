package p2pshare.wire;

/** The peer broke the wire protocol; the connection cannot continue and should be closed. */
public final class ProtocolException extends RuntimeException {
  public ProtocolException(String message) {
    super(message);
  }
}
