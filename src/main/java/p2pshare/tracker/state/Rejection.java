package p2pshare.tracker.state;

/** Why a rule refused a request, with the one line the user sees. */
public record Rejection(Kind kind, String message) {

  /** The classes of refusal the API distinguishes; each maps to one HTTP status. */
  public enum Kind {
    BAD_INPUT(400),
    NOT_LOGGED_IN(401),
    NOT_ALLOWED(403),
    NOT_FOUND(404),
    CONFLICT(409);

    public final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }
  }

  public static Rejection badInput(String message) {
    return new Rejection(Kind.BAD_INPUT, message);
  }

  public static Rejection notAllowed(String message) {
    return new Rejection(Kind.NOT_ALLOWED, message);
  }

  public static Rejection notFound(String message) {
    return new Rejection(Kind.NOT_FOUND, message);
  }

  public static Rejection conflict(String message) {
    return new Rejection(Kind.CONFLICT, message);
  }
}
