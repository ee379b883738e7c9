package p2pshare.tracker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import p2pshare.common.Names;
import p2pshare.tracker.state.Change;
import p2pshare.tracker.state.DurableMaps;
import p2pshare.tracker.state.FileRules;
import p2pshare.tracker.state.Group;
import p2pshare.tracker.state.GroupRules;
import p2pshare.tracker.state.Outcome;
import p2pshare.tracker.state.SharedFile;
import p2pshare.tracker.state.Swarm;

/** Groups, membership and join requests: every /api/groups route except the files. */
final class GroupRoutes {

  private final TrackerContext tracker;

  GroupRoutes(TrackerContext tracker) {
    this.tracker = tracker;
  }

  void mount(Router router) {
    router.get("/api/groups").handler(ctx -> Requests.guarded(ctx, 200, this::list));
    router.post("/api/groups").handler(ctx -> Requests.guarded(ctx, 201, this::create));
    router.post("/api/groups/:g/join").handler(ctx -> Requests.guarded(ctx, 200, this::join));
    router.post("/api/groups/:g/leave").handler(ctx -> Requests.guarded(ctx, 200, this::leave));
    router.get("/api/groups/:g/requests").handler(ctx -> Requests.guarded(ctx, 200, this::requests));
    router
        .post("/api/groups/:g/requests/:u/accept")
        .handler(ctx -> Requests.guarded(ctx, 200, c -> decide(c, GroupRules::accept)));
    router
        .post("/api/groups/:g/requests/:u/reject")
        .handler(ctx -> Requests.guarded(ctx, 200, c -> decide(c, GroupRules::reject)));
  }

  static String group(RoutingContext ctx) {
    return Requests.name(ctx.pathParam("g"), Names::groupProblem);
  }

  /** Blocking: applies a group rule atomically to the stored group. */
  <R> R updateGroup(String group, Function<Optional<Group>, Outcome<Change<Group, R>>> rule) {
    return TrackerContext.valueOf(
        tracker
            .durable()
            .update(
                DurableMaps.GROUPS,
                group,
                json -> Group.fromJson(new JsonObject(json)),
                g -> g.toJson().encode(),
                rule));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    return tracker.asUser(
        ctx,
        user -> {
          JsonArray groups = new JsonArray();
          tracker
              .durable()
              .live(DurableMaps.GROUPS)
              .values()
              .forEach(json -> groups.add(view(Group.fromJson(new JsonObject(json)), user)));
          return new JsonObject().put("groups", groups);
        });
  }

  /** A group as {@code user} may see it: pending requests only for the owner. */
  private static JsonObject view(Group g, String user) {
    JsonObject json = g.toJson();
    if (!g.owner().equals(user)) json.remove("pending");
    return json;
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    String group = Requests.name(Requests.string(Requests.body(ctx), "group"), Names::groupProblem);
    return tracker.asUser(
        ctx,
        user ->
            updateGroup(
                group,
                current ->
                    GroupRules.create(current, group, user)
                        .map(g -> Change.set(g, new JsonObject().put("group", group).put("owner", user)))));
  }

  private Future<JsonObject> join(RoutingContext ctx) {
    String group = group(ctx);
    return tracker.asUser(
        ctx,
        user ->
            updateGroup(
                group,
                current ->
                    GroupRules.requestJoin(current, group, user)
                        .map(
                            g ->
                                Change.set(
                                    g, new JsonObject().put("group", group).put("status", "pending")))));
  }

  private Future<JsonObject> requests(RoutingContext ctx) {
    String group = group(ctx);
    return tracker.asUser(
        ctx,
        user -> {
          Optional<Group> current =
              tracker.durable().get(DurableMaps.GROUPS, group).map(j -> Group.fromJson(new JsonObject(j)));
          List<String> pending = TrackerContext.valueOf(GroupRules.requests(current, group, user));
          return new JsonObject().put("requests", new JsonArray(pending));
        });
  }

  /** The shape shared by accept and reject. */
  private interface Decision {
    Outcome<Group> apply(Optional<Group> current, String group, String actor, String user);
  }

  private Future<JsonObject> decide(RoutingContext ctx, Decision decision) {
    String group = group(ctx);
    String requester = Requests.name(ctx.pathParam("u"), Names::userProblem);
    return tracker.asUser(
        ctx,
        actor ->
            updateGroup(
                group,
                current ->
                    decision
                        .apply(current, group, actor, requester)
                        .map(
                            g ->
                                Change.set(
                                    g, new JsonObject().put("group", group).put("user", requester)))));
  }

  /**
   * Leaving drops the leaver's shares in the group (files nobody shares any more go) and their
   * online presence there; when the group disappears, its file list goes with it.
   */
  private Future<JsonObject> leave(RoutingContext ctx) {
    String group = group(ctx);
    return tracker.asUser(
        ctx,
        user -> {
          GroupRules.Departure departure =
              updateGroup(
                  group,
                  current ->
                      GroupRules.leave(current, group, user)
                          .map(
                              d ->
                                  d.after().isPresent()
                                      ? Change.set(d.after().get(), d)
                                      : Change.<Group, GroupRules.Departure>delete(d)));
          boolean deleted = departure.after().isEmpty();
          dropShares(group, user, deleted);
          for (String key : tracker.swarm().swarmsOf(user, group + "/")) {
            tracker.swarm().update(key, (Swarm s) -> s.without(user));
          }
          return new JsonObject()
              .put("group", group)
              .put("deleted", deleted)
              .put("newOwner", departure.newOwner().orElse(null));
        });
  }

  private void dropShares(String group, String user, boolean groupDeleted) {
    for (String key : tracker.durable().liveWithPrefix(DurableMaps.FILES, group + "/").keySet()) {
      tracker
          .durable()
          .update(
              DurableMaps.FILES,
              key,
              json -> SharedFile.fromJson(new JsonObject(json)),
              f -> f.toJson().encode(),
              current -> {
                if (current.isEmpty()) return Outcome.done(Change.<SharedFile, Boolean>keep(false));
                Optional<SharedFile> after =
                    groupDeleted ? Optional.empty() : FileRules.dropSharer(current.get(), user);
                return Outcome.done(
                    after.isPresent()
                        ? Change.<SharedFile, Boolean>set(after.get(), false)
                        : Change.<SharedFile, Boolean>delete(true));
              });
    }
  }
}
