package p2pshare.tracker.state;

import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The online peers of one file in one group, by user: where each listens, whether it has the
 * whole file, and when it last announced. A peer silent for longer than the expiry is offline.
 */
public record Swarm(Map<String, Peer> peers) {

  public record Peer(String user, String address, boolean complete, long lastSeenMillis) {}

  public static final Swarm EMPTY = new Swarm(Map.of());

  public Swarm {
    peers = Map.copyOf(peers);
  }

  /** Records an announce, dropping peers silent for longer than {@code expiryMillis}. */
  public Swarm announce(
      String user, String address, boolean complete, long nowMillis, long expiryMillis) {
    Map<String, Peer> next = new HashMap<>();
    for (Peer p : online(nowMillis, expiryMillis)) next.put(p.user(), p);
    next.put(user, new Peer(user, address, complete, nowMillis));
    return new Swarm(next);
  }

  public Swarm without(String user) {
    Map<String, Peer> next = new HashMap<>(peers);
    next.remove(user);
    return new Swarm(next);
  }

  /** Peers heard from within {@code expiryMillis}, ordered by user for stable answers. */
  public List<Peer> online(long nowMillis, long expiryMillis) {
    return peers.values().stream()
        .filter(p -> nowMillis - p.lastSeenMillis() <= expiryMillis)
        .sorted(Comparator.comparing(Peer::user))
        .toList();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    peers.forEach(
        (user, p) ->
            json.put(
                user,
                new JsonObject()
                    .put("a", p.address())
                    .put("c", p.complete())
                    .put("t", p.lastSeenMillis())));
    return json;
  }

  public static Swarm fromJson(JsonObject json) {
    Map<String, Peer> peers = new HashMap<>();
    for (String user : json.fieldNames()) {
      JsonObject p = json.getJsonObject(user);
      peers.put(user, new Peer(user, p.getString("a"), p.getBoolean("c"), p.getLong("t")));
    }
    return new Swarm(peers);
  }
}
