package p2pshare.tracker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import p2pshare.tracker.state.DurableMaps;
import p2pshare.tracker.state.Outcome;
import p2pshare.tracker.state.SwarmMaps;

/**
 * What the route handlers of one tracker share: the cluster state, the signing key, and the
 * worker pools that keep blocking work (cluster round trips, fsync, PBKDF2) off the event loop.
 */
record TrackerContext(
    Vertx vertx,
    int trackerNumber,
    DurableMaps durable,
    SwarmMaps swarm,
    SigningKey signingKey,
    WorkerExecutor stateWorkers,
    WorkerExecutor passwordWorkers) {

  /** Runs blocking state work on a worker; requests do not wait for each other. */
  <T> Future<T> blocking(Callable<T> work) {
    return stateWorkers.executeBlocking(work, false);
  }

  /** Work done on behalf of the logged-in user, on a state worker (it may block). */
  interface UserWork<T> {
    T run(String user) throws Exception;
  }

  /**
   * Authenticates the request and runs {@code work} for its user, all in one trip to a worker:
   * reads are local (every tracker holds a backup of every entry), so one thread hop per request
   * is the whole cost of the hot read paths.
   */
  <T> Future<T> asUser(RoutingContext ctx, UserWork<T> work) {
    String token = Sessions.token(ctx);
    return blocking(() -> work.run(Sessions.user(this, token)));
  }

  /** Runs password hashing on its own small pool so logins cannot starve other requests. */
  <T> Future<T> hashing(Callable<T> work) {
    return passwordWorkers.executeBlocking(work, false);
  }

  /** A rule's outcome: its value, or the matching HTTP error thrown. */
  static <T> T valueOf(Outcome<T> outcome) {
    return switch (outcome) {
      case Outcome.Done<T> done -> done.value();
      case Outcome.Refused<T> refused -> throw ApiError.of(refused.rejection());
    };
  }
}
