package p2pshare.tracker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
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
    KeyPair signingKey,
    WorkerExecutor stateWorkers,
    WorkerExecutor passwordWorkers) {

  /** Runs blocking state work on a worker; requests do not wait for each other. */
  <T> Future<T> blocking(Callable<T> work) {
    return stateWorkers.executeBlocking(work, false);
  }

  /** Runs password hashing on its own small pool so logins cannot starve other requests. */
  <T> Future<T> hashing(Callable<T> work) {
    return passwordWorkers.executeBlocking(work, false);
  }

  <T> Future<T> on(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  /** A rule's outcome as a Future: refusals become the matching HTTP error. */
  static <T> Future<T> settle(Outcome<T> outcome) {
    return switch (outcome) {
      case Outcome.Done<T> done -> Future.succeededFuture(done.value());
      case Outcome.Refused<T> refused -> Future.failedFuture(ApiError.of(refused.rejection()));
    };
  }

  /** The blocking-side twin of {@link #settle}: returns the value or throws the HTTP error. */
  static <T> T valueOf(Outcome<T> outcome) {
    return switch (outcome) {
      case Outcome.Done<T> done -> done.value();
      case Outcome.Refused<T> refused -> throw ApiError.of(refused.rejection());
    };
  }
}
