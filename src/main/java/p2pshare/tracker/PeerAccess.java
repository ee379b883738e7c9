package p2pshare.tracker;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import p2pshare.common.PeerToken;
import p2pshare.tracker.state.DurableMaps;
import p2pshare.tracker.state.Group;
import p2pshare.tracker.state.GroupRules;
import p2pshare.tracker.state.Swarm;
import p2pshare.tracker.state.SwarmMaps;

/** Membership checks, peer lists and peer tokens: the hot read path of every download. */
final class PeerAccess {

  /**
   * 1 hour: outlives the connections of a long download (tokens are checked at handshake and
   * refreshed with every announce) while a member who left loses access within the hour.
   */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  private final TrackerContext tracker;

  PeerAccess(TrackerContext tracker) {
    this.tracker = tracker;
  }

  /** The group if {@code user} is a member; 404 / 403 otherwise. One map read. */
  Future<Group> member(String group, String user) {
    return tracker
        .on(tracker.durable().getAsync(DurableMaps.GROUPS, group))
        .compose(
            json ->
                TrackerContext.settle(
                    GroupRules.member(json.map(j -> Group.fromJson(new JsonObject(j))), group, user)));
  }

  String token(String user, String group, String infoHash) {
    return PeerToken.sign(
        tracker.signingKey().getPrivate(), user, group, infoHash, Instant.now().plus(TOKEN_LIFETIME));
  }

  /** The online peers of a file in a group, as the API lists them. One map read. */
  Future<JsonArray> peers(String group, String infoHash) {
    return tracker
        .on(tracker.swarm().getAsync(group, infoHash))
        .map(PeerAccess::online);
  }

  static JsonArray online(Swarm swarm) {
    JsonArray peers = new JsonArray();
    for (Swarm.Peer p : swarm.online(System.currentTimeMillis(), SwarmMaps.EXPIRY_MILLIS)) {
      peers.add(
          new JsonObject().put("user", p.user()).put("address", p.address()).put("complete", p.complete()));
    }
    return peers;
  }
}
