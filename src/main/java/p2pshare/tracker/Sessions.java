package p2pshare.tracker;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import p2pshare.tracker.auth.SessionTokens;
import p2pshare.tracker.state.DurableMaps;

/** Turns the bearer token of a request into the logged-in user, on any tracker. */
final class Sessions {
  private Sessions() {}

  /** 7 days: a week-long session survives weekends without keeping stolen tokens alive forever. */
  static final Duration LIFETIME = Duration.ofDays(7);

  /** The request's bearer token; a 401 when it has none. */
  static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiError.notLoggedIn();
    }
    return header.substring(7).strip();
  }

  /** Blocking: the user behind {@code token}; a 401 when it is unknown, logged out or expired. */
  static String user(TrackerContext tracker, String token) {
    JsonObject session =
        tracker
            .durable()
            .get(DurableMaps.SESSIONS, SessionTokens.digest(token))
            .map(JsonObject::new)
            .orElseThrow(ApiError::notLoggedIn);
    return holder(session, Instant.now()).orElseThrow(ApiError::notLoggedIn);
  }

  /** The user a stored session belongs to, while it has not expired at {@code now}. */
  static Optional<String> holder(JsonObject session, Instant now) {
    if (now.getEpochSecond() >= session.getLong("expiresAt")) return Optional.empty();
    return Optional.ofNullable(session.getString("user"));
  }
}
