package p2pshare.tracker;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failed request into {@code <status> {"error": one line}}: refusals keep their status,
 * framework statuses (413 body too large, 404 no route) get a message, and anything unexpected
 * becomes a 500 whose trace goes to the log, never to the client.
 */
final class ApiFailures {
  private static final Logger LOG = Logger.getLogger(ApiFailures.class.getName());

  private final int trackerNumber;

  ApiFailures(int trackerNumber) {
    this.trackerNumber = trackerNumber;
  }

  void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status;
    String message;
    if (failure instanceof ApiError e) {
      status = e.status;
      message = e.getMessage();
    } else if (failure instanceof HazelcastInstanceNotActiveException) {
      status = 503;
      message = "tracker " + trackerNumber + " is leaving the cluster; use another tracker";
    } else if (failure != null) {
      LOG.log(Level.SEVERE, "request " + ctx.request().method() + " " + ctx.request().path() + " failed", failure);
      status = 500;
      message =
          "tracker " + trackerNumber + " failed: " + oneLine(failure) + "; retry or use another tracker";
    } else {
      status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      message = statusMessage(status);
    }
    send(ctx, status, message);
  }

  static void send(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) return;
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).encode());
  }

  /**
   * A request the HTTP decoder could not read (request line or headers too long, bad syntax) never
   * reaches the router: answer it with the same JSON error, then close, as Vert.x's default does.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
    request.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close")
        .end(new JsonObject().put("error", statusMessage(status)).encode())
        .onComplete(done -> request.connection().close());
  }

  static String statusMessage(int status) {
    return switch (status) {
      case 404 -> "no such API endpoint (see docs/tracker-api.md)";
      case 405 -> "this API endpoint does not take that method (see docs/tracker-api.md)";
      case 413 -> "request body is larger than 64 KiB";
      case 414 -> "request line is longer than 4 KiB; names are at most 255 bytes";
      case 431 -> "request headers are larger than 8 KiB";
      case 400 -> "bad request";
      default -> "request failed with status " + status;
    };
  }

  private static String oneLine(Throwable t) {
    String text = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    return text.lines().findFirst().orElse(text);
  }
}
