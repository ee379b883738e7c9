package p2pshare.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Peer tokens checked against the trackers' key and against the latest member list of the token's
 * group, so a token signed for a user who has since left is refused before it expires. The lists
 * come with every tracker reply that carries a token ({@code "members": {group: [user, ...]}} and
 * {@code "membersAsOf"}, docs/tracker-api.md); a group whose list has not arrived yet accepts
 * nobody. Whichever is newer decides: a user missing from a list older than the token (accepted
 * into the group after our last announce) is served, one missing from a list newer than the token
 * (left since the token was issued) is refused. Thread-safe: the engine checks on its context
 * while the client learns lists on its own.
 */
public final class MemberTokens {
  /**
   * Signature-checked claims by token, because engines check every open connection's token every
   * second (~0.1 ms an Ed25519 verification). 10,000 tokens of ~200 bytes; starts over beyond.
   */
  private static final int MAX_CACHED = 10_000;

  private record Checked(PublicKey key, PeerToken.Claims claims) {}

  /** A group's members as a tracker read them at {@code asOf} (the tracker's clock). */
  private record MemberList(Set<String> users, Instant asOf) {}

  private final Map<String, MemberList> members = new ConcurrentHashMap<>();
  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  /** Takes up the member lists a tracker reply carries (announce, peer list, file); keeps others. */
  public void learn(JsonObject reply) {
    if (!(reply.getValue("members") instanceof JsonObject lists)) return;
    // A reply without the time (an older tracker) makes its list outrank every token.
    Instant asOf = reply.getValue("membersAsOf") instanceof Number millis
        ? Instant.ofEpochMilli(millis.longValue())
        : Instant.MAX;
    for (Map.Entry<String, Object> group : lists) {
      if (group.getValue() instanceof JsonArray users) {
        Set<String> names = users.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        members.put(group.getKey(), new MemberList(names, asOf));
      }
    }
  }

  /** We left the group, or logged out: its list is nobody's business here any more. */
  public void forget(String group) {
    members.remove(group);
  }

  public void forgetAll() {
    members.clear();
  }

  /** {@link PeerToken#verify}, then: the token's user is in its group's latest member list. */
  public PeerToken.Verification check(PublicKey key, String token, String infoHashHex, Instant now) {
    Checked known = token == null ? null : checked.get(token);
    PeerToken.Verification result;
    if (known != null && known.key().equals(key)) {
      result = PeerToken.hold(known.claims(), infoHashHex, now);
    } else {
      result = PeerToken.verify(key, token, infoHashHex, now);
      if (result instanceof PeerToken.Valid valid) {
        if (checked.size() >= MAX_CACHED) checked.clear();
        checked.put(token, new Checked(key, valid.claims()));
      }
    }
    if (!(result instanceof PeerToken.Valid valid)) return result;
    PeerToken.Claims claims = valid.claims();
    MemberList list = members.get(claims.group());
    if (list == null) {
      return new PeerToken.Invalid(PeerToken.Reason.NOT_A_MEMBER,
          "no member list of group " + claims.group() + " yet (it comes with our next announce)");
    }
    // A tie counts for the token: a member accepted in the millisecond our list was read is served
    // at once; a leaver in that millisecond is cut off by the next list (one announce interval).
    if (!list.users().contains(claims.user()) && list.asOf().isAfter(claims.issuedAt())) {
      return new PeerToken.Invalid(PeerToken.Reason.NOT_A_MEMBER,
          claims.user() + " is no longer a member of " + claims.group());
    }
    return result;
  }
}
