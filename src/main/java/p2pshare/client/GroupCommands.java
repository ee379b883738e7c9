package p2pshare.client;

import static p2pshare.client.AccountCommands.requireSession;
import static p2pshare.client.TrackerClient.segment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Groups: create, join by request, leave, the owner's request queue, and the list of groups. */
public final class GroupCommands implements CommandSet {
  private final TrackerClient tracker;
  private final SessionHooks hooks;

  public GroupCommands(TrackerClient tracker) {
    this(tracker, SessionHooks.NONE);
  }

  public GroupCommands(TrackerClient tracker, SessionHooks hooks) {
    this.tracker = tracker;
    this.hooks = hooks;
  }

  @Override
  public List<Command> commands() {
    List<String> group = List.of("group_id");
    List<String> groupUser = List.of("group_id", "user_id");
    return List.of(
        new Command("create_group", group, "create a group; you own it", this::create),
        new Command("join_group", group, "ask the owner to let you in", this::join),
        new Command("leave_group", group, "leave a group (your shares in it stop)", this::leave),
        new Command("list_requests", group, "pending join requests (owner)", this::requests),
        new Command("accept_request", groupUser, "let a user into your group", a -> decide(a, "accept")),
        new Command("reject_request", groupUser, "turn a join request down", a -> decide(a, "reject")),
        new Command("list_groups", List.of(), "every group in the network", a -> list()));
  }

  private Future<Reply> create(List<String> args) {
    requireSession(tracker);
    String g = args.get(0);
    return tracker
        .post("/api/groups", new JsonObject().put("group", g))
        .map(r -> Reply.ok("group " + g + " created; you own it", new JsonObject().put("group", g)));
  }

  private Future<Reply> join(List<String> args) {
    requireSession(tracker);
    String g = args.get(0);
    return tracker
        .post("/api/groups/" + segment(g) + "/join", new JsonObject())
        .map(r -> Reply.ok(
            "asked to join " + g + "; the owner must accept_request", new JsonObject().put("group", g)));
  }

  private Future<Reply> leave(List<String> args) {
    requireSession(tracker);
    String g = args.get(0);
    return tracker
        .post("/api/groups/" + segment(g) + "/leave", new JsonObject())
        .compose(r -> hooks.leftGroup(g).map(r))
        .map(r -> {
          boolean deleted = r.getBoolean("deleted", false);
          String newOwner = r.getString("newOwner");
          String message =
              deleted ? "left " + g + "; nobody else was in it, so it is deleted"
                  : newOwner != null ? "left " + g + "; " + newOwner + " owns it now"
                  : "left " + g;
          return Reply.ok(
              message,
              new JsonObject().put("group", g).put("deleted", deleted).put("newOwner", newOwner));
        });
  }

  private Future<Reply> requests(List<String> args) {
    requireSession(tracker);
    String g = args.get(0);
    return tracker
        .get("/api/groups/" + segment(g) + "/requests")
        .map(r -> {
          JsonArray users = r.getJsonArray("requests", new JsonArray());
          String message =
              users.isEmpty()
                  ? "no pending requests for " + g
                  : "pending requests for " + g + ":\n" + String.join("\n", strings(users));
          return Reply.ok(message, new JsonObject().put("requests", users));
        });
  }

  private Future<Reply> decide(List<String> args, String verdict) {
    requireSession(tracker);
    String g = args.get(0);
    String u = args.get(1);
    return tracker
        .post("/api/groups/" + segment(g) + "/requests/" + segment(u) + "/" + verdict, new JsonObject())
        .map(r -> Reply.ok(
            verdict.equals("accept") ? u + " is now a member of " + g : u + "'s request to join " + g + " rejected",
            new JsonObject().put("group", g).put("user", u)));
  }

  private Future<Reply> list() {
    String me = requireSession(tracker).user();
    return tracker.get("/api/groups").map(r -> GroupListing.reply(r.getJsonArray("groups", new JsonArray()), me));
  }

  static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>(array.size());
    for (Object o : array) out.add(String.valueOf(o));
    return out;
  }
}
