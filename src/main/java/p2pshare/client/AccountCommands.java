package p2pshare.client;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** create_user, login, logout and status: who this client acts for. */
public final class AccountCommands implements CommandSet {
  private final TrackerClient tracker;
  private final ClientEvents events;
  private final ClientOptions options;
  private final SessionHooks hooks;

  public AccountCommands(TrackerClient tracker, ClientEvents events, ClientOptions options) {
    this(tracker, events, options, SessionHooks.NONE);
  }

  public AccountCommands(TrackerClient tracker, ClientEvents events, ClientOptions options, SessionHooks hooks) {
    this.tracker = tracker;
    this.events = events;
    this.options = options;
    this.hooks = hooks;
  }

  /** What every command that needs a user says without one (the trackers' own wording). */
  public static UserError notLoggedIn() {
    return new UserError("not logged in (login <user_id> <password>)");
  }

  /** The session, or a failure telling the user to log in. */
  public static TrackerClient.Session requireSession(TrackerClient tracker) {
    return tracker.session().orElseThrow(AccountCommands::notLoggedIn);
  }

  @Override
  public List<Command> commands() {
    return List.of(
        new Command("create_user", List.of("user_id", "password"), "create an account", this::createUser),
        new Command("login", List.of("user_id", "password"), "log in", this::login),
        new Command("logout", List.of(), "log out", a -> logout()),
        new Command("status", List.of(), "who is logged in, which tracker answers, where peers reach you", a -> status()));
  }

  private Future<Reply> createUser(List<String> args) {
    String user = args.get(0);
    return tracker
        .post("/api/users", new JsonObject().put("user", user).put("password", args.get(1)))
        .map(r -> Reply.ok(
            "user " + user + " created (login " + user + " <password> to start)",
            new JsonObject().put("user", user)));
  }

  private Future<Reply> login(List<String> args) {
    var existing = tracker.session();
    if (existing.isPresent()) {
      return Future.failedFuture(
          new UserError("already logged in as " + existing.get().user() + " (logout first)"));
    }
    return tracker
        .post("/api/sessions", new JsonObject().put("user", args.get(0)).put("password", args.get(1)))
        .compose(r -> {
          String user = r.getString("user", args.get(0));
          tracker.startSession(new TrackerClient.Session(user, r.getString("token")));
          events.session(user);
          // Shares and unfinished downloads come back by themselves; the message says which.
          return hooks.loggedIn(user)
              .recover(e -> Future.succeededFuture("; could not restore your files: " + e.getMessage()))
              .map(restored -> Reply.ok(
              "logged in as " + user + restored, new JsonObject().put("user", user)));
        });
  }

  private Future<Reply> logout() {
    TrackerClient.Session session = requireSession(tracker);
    return hooks.loggingOut()
        .compose(v -> tracker.delete("/api/sessions"))
        .recover(failure ->
            // 401: the cluster already forgot the session, which is what logout wants.
            failure instanceof TrackerRefusal refusal && refusal.status() == 401
                ? Future.succeededFuture(new JsonObject())
                : Future.failedFuture(failure))
        .map(r -> {
          tracker.endSession();
          events.session(null);
          return Reply.ok(session.user() + " logged out");
        });
  }

  private Future<Reply> status() {
    String user = tracker.session().map(TrackerClient.Session::user).orElse(null);
    JsonObject data =
        new JsonObject()
            .put("user", user)
            .put("tracker", tracker.currentTracker())
            .put("address", options.peerAddress())
            .put("ui", options.ui().orElse(null));
    String message =
        "user: " + (user == null ? "(not logged in)" : user)
            + "\ntracker: " + tracker.currentTracker()
            + "\npeers reach this client at: " + options.peerAddress()
            + options.ui().map(ui -> "\nui: " + ui).orElse("");
    return Future.succeededFuture(Reply.ok(message, data));
  }
}
