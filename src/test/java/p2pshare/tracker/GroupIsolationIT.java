package p2pshare.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2pshare.common.MemberTokens;
import p2pshare.common.PeerToken;
import p2pshare.metainfo.FileHasher;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.swarm.EngineOptions;
import p2pshare.swarm.PeerEngine;
import p2pshare.swarm.PeerSource;
import p2pshare.swarm.BlockingPeer;
import p2pshare.swarm.TorrentSpec;
import p2pshare.wire.PeerMessage;

/**
 * Group isolation end to end on a real tracker and a real {@link PeerEngine} that checks tokens
 * with the tracker's key: outsiders and pending requesters see no files, peers or tokens; owner
 * actions are checked by the tracker; a peer serves only a tracker token for that very file; a
 * leaver gets no new token and a logged-out session nothing at all; the seeder refuses a leaver's
 * old token and closes his open connection once its announce brings the new member list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupIsolationIT {
  @TempDir static Path dir;
  private static final Duration ANSWER = Duration.ofSeconds(20);
  /** The engine re-checks open connections' tokens every second; the rest is a busy machine. */
  private static final Duration REVOKED = Duration.ofSeconds(5);
  private static final int PIECE = InfoDictionary.MIN_PIECE_LENGTH;

  private TestCluster cluster;
  private final Vertx peerVertx = Vertx.vertx();
  private final MemberTokens members = new MemberTokens();
  private PublicKey key;
  private PeerEngine seeder;
  private InfoDictionary secret;
  private String olga;
  private String mia;
  private String oscar;
  private String pete;

  @BeforeAll
  void groupWithASeededFile() throws Exception {
    cluster = new TestCluster(dir, 1);
    cluster.start(1);
    olga = cluster.signUp(1, "olga");
    mia = cluster.signUp(1, "mia");
    oscar = cluster.signUp(1, "oscar");
    pete = cluster.signUp(1, "pete");
    assertEquals(201, cluster.post(1, "/api/groups", olga, new JsonObject().put("group", "vault")).status());
    cluster.post(1, "/api/groups/vault/join", mia, null);
    assertEquals(200, cluster.post(1, "/api/groups/vault/requests/mia/accept", olga, null).status());
    assertEquals(200, cluster.post(1, "/api/groups/vault/join", pete, null).status());

    Path file = randomFile("secret.bin", 3 * PIECE + 100, 11);
    secret = hash(file);
    assertEquals(201, cluster.post(1, "/api/groups/vault/files", olga, upload(secret)).status());
    String seederToken = seederAnnounces("vault", secret).getString(secret.infoHashHex());
    key = PeerToken.publicKey(
        Base64.getDecoder().decode(cluster.get(1, "/api/peer-key", null).body().getString("publicKey")));
    // What the client's PeerKeyVerifier does with the key it fetched and the member lists.
    seeder = PeerEngine.start(peerVertx, EngineOptions.defaults("127.0.0.1", 0,
        (token, hash) -> members.check(key, token, hash, Instant.now()) instanceof PeerToken.Valid), e -> {}).await();
    seeder.share(new TorrentSpec(secret, "vault", file, () -> seederToken, PeerSource.NONE)).await();
  }

  /**
   * Olga's announce, as her client's {@code SwarmAnnouncer} makes it every interval: her seeder
   * takes up the member list in the reply. Returns her tokens.
   */
  private JsonObject seederAnnounces(String group, InfoDictionary info) {
    TestCluster.Reply reply = announce(olga, group, info, "127.0.0.1:1");
    assertEquals(200, reply.status(), reply.body()::encode);
    members.learn(reply.body());
    return reply.body().getJsonObject("tokens");
  }

  @AfterAll
  void stop() {
    peerVertx.close().await();
    cluster.close();
  }

  private static Path randomFile(String name, int length, long seed) throws Exception {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return Files.write(Files.createDirectories(dir.resolve("files")).resolve(name), bytes);
  }

  private static InfoDictionary hash(Path file) throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      return FileHasher.hash(file, file.getFileName().toString(), PIECE, pool);
    } finally {
      pool.shutdownNow();
    }
  }

  private static JsonObject upload(InfoDictionary info) {
    return new JsonObject().put("info", Base64.getEncoder().encodeToString(info.encoded()));
  }

  private TestCluster.Reply announce(String token, String group, InfoDictionary info, String address) {
    return cluster.post(1, "/api/announce", token, new JsonObject().put("address", address).put("announces",
        new JsonArray().add(new JsonObject().put("group", group).put("infoHash", info.infoHashHex()).put("complete", true))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"outsider", "pending requester"})
  void nonMembersGetNoFilesPeersOrTokens(String who) {
    String token = who.equals("outsider") ? oscar : pete;
    String hash = secret.infoHashHex();
    List<TestCluster.Reply> replies = List.of(
        cluster.get(1, "/api/groups/vault/files", token),
        cluster.get(1, "/api/groups/vault/files/secret.bin", token),
        cluster.get(1, "/api/swarm/" + hash + "/peers?group=vault", token),
        announce(token, "vault", secret, "127.0.0.1:2"),
        cluster.post(1, "/api/groups/vault/files", token, upload(secret)),
        cluster.call(1, HttpMethod.DELETE, "/api/groups/vault/files/secret.bin", token, null),
        cluster.post(1, "/api/groups/vault/leave", token, null));
    for (TestCluster.Reply r : replies) {
      assertEquals(403, r.status(), r.body()::encode);
      assertFalse(r.body().encode().contains(hash), "no info-hash leaks: " + r.body().encode());
      assertFalse(r.body().containsKey("token"), r.body()::encode);
    }
    JsonArray files = cluster.get(1, "/api/groups/vault/files", olga).body().getJsonArray("files");
    assertEquals(1, files.getJsonObject(0).getJsonArray("sharers").size(), "nobody was added as a sharer");
  }

  @Test
  void ownerActionsAreCheckedByTheTracker() {
    assertEquals(403, cluster.get(1, "/api/groups/vault/requests", mia).status());
    assertEquals(403, cluster.post(1, "/api/groups/vault/requests/pete/accept", mia, null).status());
    assertEquals(403, cluster.post(1, "/api/groups/vault/requests/pete/reject", mia, null).status());
    assertEquals(403, cluster.post(1, "/api/groups/vault/requests/pete/accept", pete, null).status());
    assertEquals(403, cluster.get(1, "/api/groups/vault/requests", oscar).status());
    assertEquals(new JsonArray().add("pete"), cluster.get(1, "/api/groups/vault/requests", olga).body().getJsonArray("requests"));
    JsonObject asMia = cluster.get(1, "/api/groups", mia).body().getJsonArray("groups").stream()
        .map(JsonObject.class::cast).filter(g -> g.getString("group").equals("vault")).findFirst().orElseThrow();
    assertFalse(asMia.containsKey("pending"), "only the owner sees who asked to join: " + asMia.encode());
  }

  @Test
  void aMemberAcceptedAfterTheSeedersLastAnnounceIsServedAtOnce() throws Exception {
    String nadia = cluster.signUp(1, "nadia");
    assertEquals(200, cluster.post(1, "/api/groups/vault/join", nadia, null).status());
    assertEquals(200, cluster.post(1, "/api/groups/vault/requests/nadia/accept", olga, null).status());
    // The seeder's member list predates the accept; Nadia's token, issued after it, is newer news.
    String token = cluster.get(1, "/api/groups/vault/files/secret.bin", nadia).body().getString("token");
    assertServedABlock(token);
  }

  @Test
  void aMemberWithTheTrackersTokenForThisFileIsServed() throws Exception {
    String token = cluster.get(1, "/api/groups/vault/files/secret.bin", mia).body().getString("token");
    assertServedABlock(token);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"no token", "a tracker token for another group's file", "a token signed with another key",
      "the seeder's token as garbage"})
  void anOutsiderWhoKnowsTheAddressAndInfoHashGetsNothing(String kind) throws Exception {
    String token = switch (kind) {
      case "no token" -> null;
      case "a tracker token for another group's file" -> decoyToken();
      case "a token signed with another key" -> PeerToken.sign(PeerToken.generateKeyPair().getPrivate(), "oscar",
          "vault", secret.infoHashHex(), Instant.now(), Instant.now().plusSeconds(3600));
      default -> "x".repeat(200);
    };
    try (BlockingPeer peer = BlockingPeer.connect(seeder.address().port()).greet(secret.infoHash(), token)) {
      // The refusal may close the connection before these arrive; either way nothing may leak.
      peer.sendUnlessClosed(new PeerMessage.Interested(), new PeerMessage.Request(0, 0, PIECE));
      peer.awaitClosed(ANSWER);
      List<PeerMessage> leaks = peer.received().stream()
          .filter(m -> !(m instanceof PeerMessage.Extended || m instanceof PeerMessage.KeepAlive
              || m instanceof PeerMessage.RejectRequest))
          .toList();
      assertEquals(List.of(), leaks, "no bitfield, have, unchoke or block for " + kind);
    }
  }

  /** Oscar's own group and file: the tracker signs him a genuine token, for the wrong file. */
  private String decoyToken() throws Exception {
    cluster.post(1, "/api/groups", oscar, new JsonObject().put("group", "decoy"));
    InfoDictionary decoy = hash(randomFile("decoy.bin", PIECE, 12));
    cluster.post(1, "/api/groups/decoy/files", oscar, upload(decoy));
    String token = cluster.get(1, "/api/groups/decoy/files/decoy.bin", oscar).body().getString("token");
    assertTrue(token != null && !token.isEmpty(), "the tracker issued oscar a token for his own file");
    return token;
  }

  @Test
  void aLeaverGetsNoNewTokenAndALoggedOutSessionNothing() {
    String nina = cluster.signUp(1, "nina");
    long expiresAt = Instant.now().plus(Duration.ofDays(7)).getEpochSecond();
    JsonObject login = cluster.post(1, "/api/sessions", null,
        new JsonObject().put("user", "nina").put("password", "pw-nina")).body();
    assertTrue(Math.abs(login.getLong("expiresAt") - expiresAt) < 60, "a session lasts a week: " + login);
    cluster.post(1, "/api/groups/vault/join", nina, null);
    cluster.post(1, "/api/groups/vault/requests/nina/accept", olga, null);
    assertTrue(announce(nina, "vault", secret, "127.0.0.1:3").body().getJsonObject("tokens").containsKey(secret.infoHashHex()));
    assertEquals(200, cluster.post(1, "/api/groups/vault/leave", nina, null).status());
    assertEquals(403, announce(nina, "vault", secret, "127.0.0.1:3").status());
    assertEquals(403, cluster.get(1, "/api/groups/vault/files/secret.bin", nina).status());
    assertEquals(403, cluster.get(1, "/api/swarm/" + secret.infoHashHex() + "/peers?group=vault", nina).status());
    assertFalse(cluster.get(1, "/api/swarm/" + secret.infoHashHex() + "/peers?group=vault", olga).body().encode()
        .contains("127.0.0.1:3"), "the leaver's address is no longer handed out");

    String second = cluster.login(1, "nina");
    assertEquals(200, cluster.call(1, HttpMethod.DELETE, "/api/sessions", nina, null).status());
    assertEquals(401, cluster.get(1, "/api/groups", nina).status());
    assertEquals(401, cluster.get(1, "/api/swarm/" + secret.infoHashHex() + "/peers?group=vault", nina).status());
    assertEquals(401, announce(nina, "decoy", secret, "127.0.0.1:3").status());
    assertEquals(401, cluster.call(1, HttpMethod.DELETE, "/api/sessions", nina, null).status(), "a session dies once");
    assertEquals(200, cluster.get(1, "/api/groups", second).status(), "logout ends that session only");
  }

  /**
   * Revocation: the leaver's token still verifies (signed by the tracker, unexpired), but the
   * seeder's next announce brings the group's member list without him, and within a second or two
   * the engine closes his open connection and refuses him anew. The owner leaving is no different
   * (the group passes to the next member). A member who stays keeps being served throughout.
   */
  @ParameterizedTest(name = "{0} leaves")
  @ValueSource(strings = {"a member", "the owner"})
  void aLeaverIsRefusedWithHisUnexpiredTokenAndHisOpenConnectionIsClosed(String who) throws Exception {
    String suffix = who.equals("the owner") ? "o" : "m";
    String owner = cluster.signUp(1, "owner-" + suffix);
    String stayer = cluster.signUp(1, "stayer-" + suffix);
    String group = "den-" + suffix;
    assertEquals(201, cluster.post(1, "/api/groups", owner, new JsonObject().put("group", group)).status());
    String member = cluster.signUp(1, "member-" + suffix);
    join(group, owner, "olga", olga);
    join(group, owner, "stayer-" + suffix, stayer);
    join(group, owner, "member-" + suffix, member);
    String leaver = who.equals("the owner") ? owner : member;

    Path file = randomFile("den-" + suffix + ".bin", 2 * PIECE, 13 + suffix.charAt(0));
    InfoDictionary info = hash(file);
    assertEquals(201, cluster.post(1, "/api/groups/" + group + "/files", olga, upload(info)).status());
    String seederToken = seederAnnounces(group, info).getString(info.infoHashHex());
    seeder.share(new TorrentSpec(info, group, file, () -> seederToken, PeerSource.NONE)).await();
    String leaverToken = fileToken(group, info, leaver);
    String stayerToken = fileToken(group, info, stayer);

    int port = seeder.address().port();
    try (BlockingPeer leaving = BlockingPeer.served(port, info.infoHash(), leaverToken, "-RW0001-leaver000000", PIECE, ANSWER);
        BlockingPeer staying = BlockingPeer.served(port, info.infoHash(), stayerToken, "-RW0001-stayer000000", PIECE, ANSWER)) {
      assertEquals(200, cluster.post(1, "/api/groups/" + group + "/leave", leaver, null).status());
      seederAnnounces(group, info);

      leaving.awaitClosed(REVOKED);
      staying.send(new PeerMessage.Request(1, 0, PIECE));
      assertEquals(2, staying.awaitMessages(PeerMessage.Piece.class, 2, ANSWER).size(), "the member who stays is still served");
    }
    assertTrue(PeerToken.verify(key, leaverToken, info.infoHashHex(), Instant.now()) instanceof PeerToken.Valid,
        "the leaver's token itself is still genuine and unexpired");
    try (BlockingPeer again = BlockingPeer.connect(seeder.address().port()).greet(info.infoHash(), leaverToken)) {
      again.sendUnlessClosed(new PeerMessage.Interested(), new PeerMessage.Request(0, 0, PIECE));
      again.awaitClosed(ANSWER);
      assertEquals(List.of(), again.received().stream()
          .filter(m -> !(m instanceof PeerMessage.Extended || m instanceof PeerMessage.RejectRequest)).toList(),
          "no bitfield, unchoke or block for the leaver's old token");
    }
  }

  private void assertServedABlock(String token) throws Exception {
    try (BlockingPeer peer = BlockingPeer.connect(seeder.address().port()).greet(secret.infoHash(), token)) {
      peer.send(new PeerMessage.Interested());
      peer.awaitMessage(PeerMessage.Unchoke.class, ANSWER);
      peer.send(new PeerMessage.Request(0, 0, PIECE));
      assertEquals(PIECE, peer.awaitMessage(PeerMessage.Piece.class, ANSWER).block().length());
    }
  }

  private void join(String group, String owner, String user, String session) {
    cluster.post(1, "/api/groups/" + group + "/join", session, null);
    assertEquals(200, cluster.post(1, "/api/groups/" + group + "/requests/" + user + "/accept", owner, null).status());
  }

  private String fileToken(String group, InfoDictionary info, String session) {
    TestCluster.Reply reply = cluster.get(1, "/api/groups/" + group + "/files/" + info.name(), session);
    assertEquals(200, reply.status(), reply.body()::encode);
    return reply.body().getString("token");
  }
}
