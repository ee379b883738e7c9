package p2pshare.metainfo;

/**
 * Metainfo that cannot be used: malformed bencode or an info dictionary that breaks a rule. The
 * message names the rule, so it can be shown to a user as is.
 */
public class MetainfoException extends RuntimeException {
  public MetainfoException(String message) {
    super(message);
  }
}
