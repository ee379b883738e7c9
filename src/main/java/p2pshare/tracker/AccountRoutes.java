package p2pshare.tracker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Base64;
import p2pshare.common.Names;
import p2pshare.tracker.auth.Passwords;
import p2pshare.tracker.auth.SessionTokens;
import p2pshare.tracker.state.Change;
import p2pshare.tracker.state.DurableMaps;
import p2pshare.tracker.state.Outcome;
import p2pshare.tracker.state.Rejection;

/** Accounts and sessions: POST /api/users, POST and DELETE /api/sessions. */
final class AccountRoutes {

  /** 256: long enough for any passphrase, short enough that PBKDF2 input stays cheap. */
  static final int MAX_PASSWORD_CHARS = 256;

  private final TrackerContext tracker;

  AccountRoutes(TrackerContext tracker) {
    this.tracker = tracker;
  }

  void mount(Router router) {
    router.post("/api/users").handler(ctx -> Requests.guarded(ctx, 201, this::createUser));
    router.post("/api/sessions").handler(ctx -> Requests.guarded(ctx, 200, this::login));
    router.delete("/api/sessions").handler(ctx -> Requests.guarded(ctx, 200, this::logout));
  }

  private Future<JsonObject> createUser(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    String user = Requests.name(Requests.string(body, "user"), Names::userProblem);
    String password = password(body);
    return tracker
        .hashing(() -> Passwords.hash(password))
        .compose(
            hash ->
                tracker.blocking(
                    () ->
                        TrackerContext.valueOf(
                            tracker
                                .durable()
                                .update(
                                    DurableMaps.USERS,
                                    user,
                                    current ->
                                        current.isPresent()
                                            ? Outcome.refused(
                                                Rejection.conflict(
                                                    "user '" + user + "' already exists (login "
                                                        + user + " <password> to use it)"))
                                            : Outcome.done(
                                                Change.set(encode(hash), new JsonObject().put("user", user)))))));
  }

  private Future<JsonObject> login(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    String user = Requests.name(Requests.string(body, "user"), Names::userProblem);
    String password = password(body);
    return tracker
        .blocking(() -> tracker.durable().get(DurableMaps.USERS, user))
        .compose(
            stored -> {
              Passwords.Hash hash =
                  stored
                      .map(json -> decode(new JsonObject(json)))
                      .orElseThrow(
                          () ->
                              new ApiError(
                                  404,
                                  "user '" + user + "' not found (create_user " + user
                                      + " <password> creates it)"));
              return tracker.hashing(() -> Passwords.matches(password, hash));
            })
        .compose(
            matches -> {
              if (!matches) {
                return Future.failedFuture(
                    new ApiError(401, "wrong password for '" + user + "'; try again"));
              }
              String token = SessionTokens.newToken();
              long expiresAt = Instant.now().plus(Sessions.LIFETIME).getEpochSecond();
              JsonObject session = new JsonObject().put("user", user).put("expiresAt", expiresAt);
              return tracker.blocking(
                  () ->
                      TrackerContext.valueOf(
                          tracker
                              .durable()
                              .update(
                                  DurableMaps.SESSIONS,
                                  SessionTokens.digest(token),
                                  current ->
                                      Outcome.done(
                                          Change.set(
                                              session.encode(),
                                              new JsonObject()
                                                  .put("token", token)
                                                  .put("user", user)
                                                  .put("expiresAt", expiresAt))))));
            });
  }

  private Future<JsonObject> logout(RoutingContext ctx) {
    String digest = SessionTokens.digest(Sessions.token(ctx));
    return tracker.asUser(
        ctx,
        user -> {
          tracker
              .durable()
              .update(
                  DurableMaps.SESSIONS,
                  digest,
                  current -> Outcome.done(Change.<String, Boolean>delete(true)));
          tracker.swarm().dropUser(user);
          return new JsonObject();
        });
  }

  private static String password(JsonObject body) {
    String password = Requests.string(body, "password");
    if (password.isEmpty() || password.length() > MAX_PASSWORD_CHARS) {
      throw ApiError.badInput("password must be 1-" + MAX_PASSWORD_CHARS + " characters");
    }
    return password;
  }

  private static String encode(Passwords.Hash hash) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new JsonObject()
        .put("salt", b64.encodeToString(hash.salt()))
        .put("iterations", hash.iterations())
        .put("hash", b64.encodeToString(hash.hash()))
        .encode();
  }

  private static Passwords.Hash decode(JsonObject json) {
    Base64.Decoder b64 = Base64.getDecoder();
    return new Passwords.Hash(
        b64.decode(json.getString("salt")), json.getInteger("iterations"), b64.decode(json.getString("hash")));
  }

}
