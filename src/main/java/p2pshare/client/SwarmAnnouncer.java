package p2pshare.client;

import static p2pshare.client.TrackerClient.segment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;
import p2pshare.common.MemberTokens;
import p2pshare.swarm.PeerAddress;
import p2pshare.swarm.PeerSource;

/**
 * The client's side of the tracker's swarm API: announces (started, completed, stopped and the
 * periodic re-announce that keeps our presence alive), peer-list refreshes, and the peer tokens
 * those answers carry, which the engine presents to other peers, and the member lists, which it
 * checks other peers' tokens against.
 */
final class SwarmAnnouncer {
  private static final Logger LOG = Logger.getLogger(SwarmAnnouncer.class.getName());

  /** Until a tracker tells us its interval: the trackers' own default (docs/tracker-api.md). */
  static final long DEFAULT_INTERVAL_S = 30;

  /** One entry of {@code POST /api/announce}; {@code event} null for a periodic re-announce. */
  record Announce(String group, String infoHash, boolean complete, String event) {
    JsonObject toJson() {
      JsonObject json = new JsonObject().put("group", group).put("infoHash", infoHash).put("complete", complete);
      return event == null ? json : json.put("event", event);
    }
  }

  private final Vertx vertx;
  private final TrackerClient tracker;
  private final String ownAddress;
  private final MemberTokens members;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private volatile long intervalS = DEFAULT_INTERVAL_S;
  private long timer = -1;

  SwarmAnnouncer(Vertx vertx, TrackerClient tracker, String ownAddress, MemberTokens members) {
    this.vertx = vertx;
    this.tracker = tracker;
    this.ownAddress = ownAddress;
    this.members = members;
  }

  /** What the engine presents to peers for this file; refreshed by every announce and peer list. */
  Supplier<String> token(String infoHash) {
    return () -> tokens.get(infoHash);
  }

  void remember(String infoHash, String token) {
    if (token != null) tokens.put(infoHash, token);
  }

  /** A tracker reply about one file (its details or peer list): its token and member list. */
  void remember(String infoHash, JsonObject reply) {
    remember(infoHash, reply.getString("token"));
    members.learn(reply);
  }

  /** Logout: neither our tokens nor the groups' member lists are ours to use any more. */
  void forgetTokens() {
    tokens.clear();
    members.forgetAll();
  }

  Future<Void> announce(List<Announce> announces) {
    if (announces.isEmpty() || tracker.session().isEmpty()) return Future.succeededFuture();
    JsonArray list = new JsonArray();
    announces.forEach(a -> list.add(a.toJson()));
    return tracker
        .post("/api/announce", new JsonObject().put("address", ownAddress).put("announces", list))
        .map(r -> {
          r.getJsonObject("tokens", new JsonObject()).forEach(e -> remember(e.getKey(), String.valueOf(e.getValue())));
          members.learn(r);
          intervalS = Math.max(1, r.getLong("interval", DEFAULT_INTERVAL_S));
          return (Void) null;
        })
        .onFailure(e -> LOG.info("announce failed: " + e.getMessage()));
  }

  /**
   * Re-announces what {@code current} lists every tracker interval until {@link #stopPeriodic}, so
   * the tracker keeps listing us (presence expires after three silent intervals) and our tokens
   * stay fresh. Called on the owner's context; the timer runs there too.
   */
  void startPeriodic(Supplier<List<Announce>> current) {
    stopPeriodic();
    timer = vertx.setTimer(intervalS * 1000, t -> {
      timer = -1;
      announce(current.get()).onComplete(r -> {
        if (tracker.session().isPresent()) startPeriodic(current);
      });
    });
  }

  void stopPeriodic() {
    if (timer != -1) vertx.cancelTimer(timer);
    timer = -1;
  }

  /**
   * The online peers of a file in a group, without ourselves: the engine's source of peers. The
   * first call answers with {@code known} (the list that came with the file) when there is one, so
   * a new download dials without a second tracker round trip; later calls ask the tracker.
   */
  PeerSource peers(String group, String infoHash, List<PeerAddress> known) {
    AtomicBoolean knownUsed = new AtomicBoolean(known.isEmpty());
    return () -> knownUsed.getAndSet(true) ? peerList(group, infoHash) : Future.succeededFuture(known);
  }

  private Future<List<PeerAddress>> peerList(String group, String infoHash) {
    return tracker
        .get("/api/swarm/" + infoHash + "/peers?group=" + segment(group))
        .map(r -> {
          remember(infoHash, r);
          return addresses(r.getJsonArray("peers", new JsonArray()));
        });
  }

  /** Tracker peer entries to addresses, leaving out this client's own. */
  List<PeerAddress> addresses(JsonArray peers) {
    List<PeerAddress> out = new ArrayList<>();
    for (Object o : peers) {
      if (!(o instanceof JsonObject peer)) continue;
      String address = peer.getString("address");
      if (address == null || address.equals(ownAddress)) continue;
      try {
        out.add(PeerAddress.parse(address));
      } catch (IllegalArgumentException e) {
        LOG.info("tracker listed an unusable peer address: " + e.getMessage());
      }
    }
    return out;
  }
}
