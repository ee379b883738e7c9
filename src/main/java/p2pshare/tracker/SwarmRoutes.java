package p2pshare.tracker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import p2pshare.common.Names;
import p2pshare.tracker.state.Group;
import p2pshare.tracker.state.SwarmMaps;

/** Announces, peer-list refreshes, the peer-token key and the health probe. */
final class SwarmRoutes {

  private static final Pattern INFO_HASH = Pattern.compile("[0-9a-f]{40}");

  /** 1,000 files in one announce: a 64 KiB body holds about that many entries anyway. */
  static final int MAX_ANNOUNCES = 1000;

  private final TrackerContext tracker;
  private final PeerAccess access;
  private final IntSupplier clusterSize;

  SwarmRoutes(TrackerContext tracker, PeerAccess access, IntSupplier clusterSize) {
    this.tracker = tracker;
    this.access = access;
    this.clusterSize = clusterSize;
  }

  void mount(Router router) {
    router.get("/api/swarm/:infoHash/peers").handler(ctx -> Requests.guarded(ctx, 200, this::peers));
    router.post("/api/announce").handler(ctx -> Requests.guarded(ctx, 200, this::announce));
    router.get("/api/peer-key").handler(ctx -> Requests.guarded(ctx, 200, c -> Future.succeededFuture(peerKey())));
    router
        .get("/api/health")
        .handler(
            ctx ->
                Requests.guarded(
                    ctx,
                    200,
                    c ->
                        Future.succeededFuture(
                            new JsonObject()
                                .put("tracker", tracker.trackerNumber())
                                .put("members", clusterSize.getAsInt()))));
  }

  static String infoHash(String value) {
    if (value == null || !INFO_HASH.matcher(value).matches()) {
      throw ApiError.badInput("info-hash must be 40 lower-case hex digits");
    }
    return value;
  }

  private Future<JsonObject> peers(RoutingContext ctx) {
    String infoHash = infoHash(ctx.pathParam("infoHash"));
    String groupParam = ctx.queryParams().get("group");
    if (groupParam == null) throw ApiError.badInput("query parameter 'group' is missing");
    String group = Requests.name(groupParam, Names::groupProblem);
    return tracker.asUser(
        ctx,
        user -> {
          Group membership = access.member(group, user);
          return PeerAccess.withMembers(new JsonObject()
              .put("peers", access.peers(group, infoHash))
              .put("token", access.token(user, group, infoHash)), PeerAccess.members(membership));
        });
  }

  /** One announced file, validated. */
  private record Announce(String group, String infoHash, boolean complete, String event) {}

  private Future<JsonObject> announce(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    String address = address(Requests.string(body, "address"));
    Object list = body.getValue("announces");
    if (!(list instanceof JsonArray array) || array.size() > MAX_ANNOUNCES) {
      throw ApiError.badInput("field 'announces' must be a list of at most " + MAX_ANNOUNCES + " entries");
    }
    List<Announce> announces = new ArrayList<>();
    for (Object item : array) announces.add(announce(item));
    Set<String> groups = new LinkedHashSet<>();
    announces.forEach(a -> groups.add(a.group()));
    return tracker.asUser(
        ctx,
        user -> {
          JsonObject members = new JsonObject();
          groups.forEach(g -> members.mergeIn(PeerAccess.members(access.member(g, user))));
          return PeerAccess.withMembers(record(user, address, announces), members);
        });
  }

  private JsonObject record(String user, String address, List<Announce> announces) {
    long now = System.currentTimeMillis();
    JsonObject tokens = new JsonObject();
    for (Announce a : announces) {
      String key = SwarmMaps.key(a.group(), a.infoHash());
      if (a.event().equals("stopped")) {
        tracker.swarm().update(key, s -> s.without(user));
      } else {
        tracker.swarm().update(key, s -> s.announce(user, address, a.complete(), now, SwarmMaps.EXPIRY_MILLIS));
        tracker.swarm().remember(user, key);
        tokens.put(a.infoHash(), access.token(user, a.group(), a.infoHash()));
      }
    }
    return new JsonObject().put("interval", SwarmMaps.ANNOUNCE_INTERVAL_SECONDS).put("tokens", tokens);
  }

  private static Announce announce(Object item) {
    if (!(item instanceof JsonObject json)) throw ApiError.badInput("each announce must be an object");
    String group = Requests.name(Requests.string(json, "group"), Names::groupProblem);
    String infoHash = infoHash(Requests.string(json, "infoHash"));
    Object complete = json.getValue("complete", false);
    if (!(complete instanceof Boolean done)) throw ApiError.badInput("'complete' must be true or false");
    String event = json.getValue("event", "") instanceof String e ? e : null;
    if (event == null || !Set.of("", "started", "completed", "stopped").contains(event)) {
      throw ApiError.badInput("'event' must be started, completed or stopped");
    }
    return new Announce(group, infoHash, done, event);
  }

  /**
   * The host of a peer address: an IP literal (IPv6 bare or in brackets) or a host name. Other
   * peers print it, so nothing a terminal would interpret gets through.
   */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

  /** A peer's listening address, {@code host:port}. */
  static String address(String value) {
    int colon = value.lastIndexOf(':');
    boolean ok = colon > 0 && colon < value.length() - 1 && value.length() <= 300
        && HOST.matcher(value.substring(0, colon)).matches();
    if (ok) {
      try {
        int port = Integer.parseInt(value.substring(colon + 1));
        ok = port >= 1 && port <= 65535;
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    if (!ok) throw ApiError.badInput("address '" + Names.printable(value) + "' is not IP:PORT");
    return value;
  }

  private JsonObject peerKey() {
    return new JsonObject()
        .put("publicKey", Base64.getEncoder().encodeToString(tracker.signingKey().current().getPublic().getEncoded()));
  }
}
