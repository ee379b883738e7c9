package p2pshare.tracker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import p2pshare.tracker.auth.SessionTokens;
import p2pshare.tracker.state.DurableMaps;

/** Turns the bearer token of a request into the logged-in user, on any tracker. */
final class Sessions {
  private Sessions() {}

  /** 7 days: a week-long session survives weekends without keeping stolen tokens alive forever. */
  static final Duration LIFETIME = Duration.ofDays(7);

  static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiError.notLoggedIn();
    }
    return header.substring(7).strip();
  }

  /** The user behind the request's token; a 401 when there is none or it expired. */
  static Future<String> user(TrackerContext tracker, RoutingContext ctx) {
    String token;
    try {
      token = token(ctx);
    } catch (ApiError e) {
      return Future.failedFuture(e);
    }
    return tracker
        .on(tracker.durable().getAsync(DurableMaps.SESSIONS, SessionTokens.digest(token)))
        .map(
            session -> {
              JsonObject json = session.map(JsonObject::new).orElseThrow(ApiError::notLoggedIn);
              if (Instant.now().getEpochSecond() >= json.getLong("expiresAt")) {
                throw ApiError.notLoggedIn();
              }
              return json.getString("user");
            });
  }
}
