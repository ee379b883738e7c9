package p2pshare.client;

/**
 * A failure the user caused or can fix, with the one line to show them (without {@code error: }).
 * Carries no stack trace: it is an answer, not a fault.
 */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message, null, false, false);
  }
}
