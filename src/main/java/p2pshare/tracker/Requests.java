package p2pshare.tracker;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Function;

/** Reading request bodies and parameters, and writing JSON answers, the same way everywhere. */
final class Requests {
  private Requests() {}

  /** The JSON object body, or a 400 that says what is wrong with it. */
  static JsonObject body(RoutingContext ctx) {
    JsonObject json;
    try {
      json = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw ApiError.badInput("the request body is not a JSON object");
    }
    if (json == null) throw ApiError.badInput("the request body is empty; send a JSON object");
    return json;
  }

  static String string(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String text)) {
      throw ApiError.badInput("field '" + field + "' is missing or not a string");
    }
    return text;
  }

  /** A user, group or file name that must pass {@code check} (a p2pshare.common.Names rule). */
  static String name(String value, Function<String, Optional<String>> check) {
    check.apply(value).ifPresent(problem -> { throw ApiError.badInput(problem); });
    return value;
  }

  /** Sends {@code reply} with {@code status}, or the failure to the router's failure handler. */
  static void respond(RoutingContext ctx, int status, Future<JsonObject> reply) {
    reply.onComplete(
        result -> {
          if (result.succeeded()) {
            ctx.response().setStatusCode(status);
            ctx.json(result.result());
          } else {
            ctx.fail(result.cause());
          }
        });
  }

  /** Runs {@code handler}, turning anything it throws synchronously into a routing failure. */
  static void guarded(RoutingContext ctx, int status, Function<RoutingContext, Future<JsonObject>> handler) {
    Future<JsonObject> reply;
    try {
      reply = handler.apply(ctx);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    respond(ctx, status, reply);
  }
}
