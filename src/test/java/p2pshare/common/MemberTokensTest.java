package p2pshare.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemberTokensTest {
  private static final KeyPair KEYS = PeerToken.generateKeyPair();
  private static final String HASH = "0123456789abcdef0123456789abcdef01234567";
  private static final Instant LIST_READ = Instant.parse("2026-12-01T12:00:00Z");

  private final MemberTokens members = new MemberTokens();

  private static String token(String user, Instant issuedAt) {
    return PeerToken.sign(KEYS.getPrivate(), user, "movies", HASH, issuedAt, issuedAt.plusSeconds(300));
  }

  private static JsonObject reply(List<String> users, Instant asOf) {
    return new JsonObject()
        .put("members", new JsonObject().put("movies", new JsonArray(users)))
        .put("membersAsOf", asOf.toEpochMilli());
  }

  private PeerToken.Verification check(String token, Instant now) {
    return members.check(KEYS.getPublic(), token, HASH, now);
  }

  @Test
  void aMemberListedInTheLatestListIsServed() {
    members.learn(reply(List.of("alice", "bob"), LIST_READ));
    assertInstanceOf(PeerToken.Valid.class, check(token("bob", LIST_READ.minusSeconds(60)), LIST_READ));
  }

  @Test
  void aMemberAcceptedAfterOurListWasReadIsServedBeforeOurNextAnnounce() {
    members.learn(reply(List.of("alice"), LIST_READ));
    String bobsFirstToken = token("bob", LIST_READ.plusSeconds(5));
    assertInstanceOf(PeerToken.Valid.class, check(bobsFirstToken, LIST_READ.plusSeconds(6)));
  }

  @Test
  void aTokenIssuedInTheMillisecondTheListWasReadCountsAsNewer() {
    members.learn(reply(List.of("alice"), LIST_READ));
    assertInstanceOf(PeerToken.Valid.class, check(token("bob", LIST_READ), LIST_READ.plusSeconds(1)));
  }

  @Test
  void aLeaverMissingFromAListNewerThanHisTokenIsRefused() {
    members.learn(reply(List.of("alice", "bob"), LIST_READ));
    String bobsToken = token("bob", LIST_READ.plusSeconds(10));
    assertInstanceOf(PeerToken.Valid.class, check(bobsToken, LIST_READ.plusSeconds(11)));
    members.learn(reply(List.of("alice"), LIST_READ.plusSeconds(10).plusMillis(1)));
    PeerToken.Invalid refused =
        assertInstanceOf(PeerToken.Invalid.class, check(bobsToken, LIST_READ.plusSeconds(31)));
    assertEquals(PeerToken.Reason.NOT_A_MEMBER, refused.reason());
  }

  @Test
  void aGroupWhoseListHasNotArrivedServesNobody() {
    PeerToken.Invalid refused =
        assertInstanceOf(PeerToken.Invalid.class, check(token("alice", LIST_READ), LIST_READ));
    assertEquals(PeerToken.Reason.NOT_A_MEMBER, refused.reason());
  }

  @Test
  void aListWithoutItsTimeOutranksEveryToken() {
    members.learn(new JsonObject()
        .put("members", new JsonObject().put("movies", new JsonArray(List.of("alice")))));
    assertInstanceOf(PeerToken.Invalid.class, check(token("bob", Instant.now()), Instant.now()));
    assertInstanceOf(PeerToken.Valid.class, check(token("alice", Instant.now()), Instant.now()));
  }

  @Test
  void forgettingTheGroupServesNobodyInIt() {
    members.learn(reply(List.of("alice"), LIST_READ));
    members.forget("movies");
    assertInstanceOf(PeerToken.Invalid.class, check(token("alice", LIST_READ), LIST_READ));
  }
}
