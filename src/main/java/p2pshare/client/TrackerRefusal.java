package p2pshare.client;

/** A tracker answered 4xx: {@code message} is its {@code error} text, shown to the user verbatim. */
public final class TrackerRefusal extends UserError {
  private final int status;

  public TrackerRefusal(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
