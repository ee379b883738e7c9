package p2pshare.tracker;

import p2pshare.tracker.state.Rejection;

/**
 * A refusal on its way to the HTTP client as {@code <status> {"error": message}}. It carries no
 * stack trace: it is an answer, not a fault.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;

  ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static ApiError of(Rejection rejection) {
    return new ApiError(rejection.kind().httpStatus, rejection.message());
  }

  static ApiError badInput(String message) {
    return new ApiError(400, message);
  }

  static ApiError notLoggedIn() {
    return new ApiError(401, "not logged in (login <user_id> <password>)");
  }
}
