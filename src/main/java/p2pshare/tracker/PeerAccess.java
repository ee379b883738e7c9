package p2pshare.tracker;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import p2pshare.tracker.state.DurableMaps;
import p2pshare.tracker.state.Group;
import p2pshare.tracker.state.GroupRules;
import p2pshare.tracker.state.Swarm;
import p2pshare.tracker.state.SwarmMaps;

/** Membership checks, peer lists and peer tokens: the hot read path of every download. */
final class PeerAccess {

  private final TrackerContext tracker;
  private final PeerTokens tokens;

  PeerAccess(TrackerContext tracker) {
    this.tracker = tracker;
    this.tokens = new PeerTokens(() -> tracker.signingKey().current().getPrivate(), Clock.systemUTC());
  }

  /** Blocking: the group if {@code user} is a member; 404 / 403 otherwise. One local map read. */
  Group member(String group, String user) {
    return TrackerContext.valueOf(
        GroupRules.member(
            tracker.durable().get(DurableMaps.GROUPS, group).map(j -> Group.fromJson(new JsonObject(j))),
            group,
            user));
  }

  String token(String user, String group, String infoHash) {
    return tokens.token(user, group, infoHash);
  }

  /**
   * {@code {group: [member, ...]}}, sent with every peer token: a serving peer refuses the tokens
   * of users missing from its group's latest list (docs/tracker-api.md, "Revocation"). A member
   * may know the members anyway: {@code GET /api/groups} lists them.
   */
  static JsonObject members(Group group) {
    return new JsonObject().put(group.name(), new JsonArray(group.members()));
  }

  /**
   * {@code reply} with the member lists and when they were read: a serving peer trusts a token
   * issued after its list over the list ({@code MemberTokens}), so a member accepted a moment ago
   * is served before the serving peer's next announce.
   */
  static JsonObject withMembers(JsonObject reply, JsonObject members) {
    return reply.put("members", members).put("membersAsOf", System.currentTimeMillis());
  }

  /** Blocking: the online peers of a file in a group, as the API lists them. One map read. */
  JsonArray peers(String group, String infoHash) {
    return online(tracker.swarm().get(group, infoHash));
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
