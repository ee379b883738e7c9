package p2pshare.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.common.PeerToken;
import p2pshare.metainfo.InfoDictionary;

/**
 * Two clustered trackers in this JVM, driven over real HTTP. They share one cluster across the
 * test methods (a clustered start costs seconds); each method uses its own user and group names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackerClusterIT {

  @TempDir static Path dir;
  private TestCluster cluster;
  private final AtomicInteger unique = new AtomicInteger();

  @BeforeAll
  void startTwoTrackers() {
    cluster = new TestCluster(dir, 2);
    cluster.start(1, 2);
  }

  @AfterAll
  void stopTrackers() {
    cluster.close();
  }

  private String name(String base) {
    return base + unique.incrementAndGet();
  }

  @Test
  void writeThroughOneTrackerIsReadThroughTheOther() {
    String group = name("movies");
    String alice = cluster.signUp(1, name("alice"));
    assertEquals(201, cluster.post(1, "/api/groups", alice, new JsonObject().put("group", group)).status());
    JsonArray groups = cluster.get(2, "/api/groups", alice).body().getJsonArray("groups");
    assertTrue(groups.stream().anyMatch(g -> ((JsonObject) g).getString("group").equals(group)), groups::encode);
  }

  @Test
  void concurrentCreatesOfOneUserThroughBothTrackersGiveOne201AndOne409() {
    JsonObject user = new JsonObject().put("user", name("racer")).put("password", "pw");
    assertOne201AndOne409(
        cluster.callAsync(1, HttpMethod.POST, "/api/users", null, user),
        cluster.callAsync(2, HttpMethod.POST, "/api/users", null, user));
  }

  @Test
  void concurrentCreatesOfOneGroupThroughBothTrackersGiveOne201AndOne409() {
    String a = cluster.signUp(1, name("ann"));
    String b = cluster.signUp(2, name("ben"));
    JsonObject group = new JsonObject().put("group", name("contested"));
    assertOne201AndOne409(
        cluster.callAsync(1, HttpMethod.POST, "/api/groups", a, group),
        cluster.callAsync(2, HttpMethod.POST, "/api/groups", b, group));
  }

  private static void assertOne201AndOne409(
      Future<TestCluster.Reply> first, Future<TestCluster.Reply> second) {
    List<Integer> statuses =
        Future.all(first, second).await().<TestCluster.Reply>list().stream()
            .map(TestCluster.Reply::status)
            .sorted()
            .toList();
    assertEquals(List.of(201, 409), statuses);
  }

  @Test
  void sessionMadeOnOneTrackerWorksOnTheOtherUntilLogout() {
    String token = cluster.signUp(1, name("carol"));
    assertEquals(200, cluster.get(2, "/api/groups", token).status());
    assertEquals(200, cluster.call(2, HttpMethod.DELETE, "/api/sessions", token, null).status());
    TestCluster.Reply after = cluster.get(1, "/api/groups", token);
    assertEquals(401, after.status());
    assertEquals("not logged in (login <user_id> <password>)", after.body().getString("error"));
  }

  @Test
  void joinRequestAcceptedOnOneTrackerAndOwnershipPassedOnTheOther() {
    String group = name("club");
    String ownerName = name("owner");
    String joinerName = name("joiner");
    String owner = cluster.signUp(1, ownerName);
    String joiner = cluster.signUp(2, joinerName);
    cluster.post(1, "/api/groups", owner, new JsonObject().put("group", group));
    assertEquals("pending", cluster.post(2, "/api/groups/" + group + "/join", joiner, null).body().getString("status"));
    assertEquals(409, cluster.post(1, "/api/groups/" + group + "/join", joiner, null).status());
    assertEquals(403, cluster.get(2, "/api/groups/" + group + "/requests", joiner).status());
    assertEquals(
        new JsonArray().add(joinerName),
        cluster.get(2, "/api/groups/" + group + "/requests", owner).body().getJsonArray("requests"));
    assertEquals(
        200, cluster.post(2, "/api/groups/" + group + "/requests/" + joinerName + "/accept", owner, null).status());
    assertEquals(
        404, cluster.post(1, "/api/groups/" + group + "/requests/" + joinerName + "/accept", owner, null).status());

    JsonObject left = cluster.post(1, "/api/groups/" + group + "/leave", owner, null).body();
    assertEquals(new JsonObject().put("group", group).put("deleted", false).put("newOwner", joinerName), left);
    JsonObject last = cluster.post(2, "/api/groups/" + group + "/leave", joiner, null).body();
    assertEquals(true, last.getBoolean("deleted"));
    assertEquals(404, cluster.post(1, "/api/groups/" + group + "/join", owner, null).status());
  }

  @Test
  void sharedFileIsListedWithOnlinePeersAndAVerifiableToken() {
    String group = name("share");
    String seederName = name("seeder");
    String seeder = cluster.signUp(1, seederName);
    cluster.post(1, "/api/groups", seeder, new JsonObject().put("group", group));
    InfoDictionary info =
        InfoDictionary.of("movie.mkv", 40_000, 16 * 1024, new byte[3 * 20], new byte[20]);
    JsonObject upload = new JsonObject().put("info", Base64.getEncoder().encodeToString(info.encoded()));
    TestCluster.Reply shared = cluster.post(1, "/api/groups/" + group + "/files", seeder, upload);
    assertEquals(201, shared.status(), shared.body()::encode);
    assertEquals(info.infoHashHex(), shared.body().getString("infoHash"));

    JsonObject announce =
        new JsonObject()
            .put("address", "127.0.0.1:7777")
            .put(
                "announces",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("group", group)
                            .put("infoHash", info.infoHashHex())
                            .put("complete", true)
                            .put("event", "started")));
    TestCluster.Reply announced = cluster.post(2, "/api/announce", seeder, announce);
    assertEquals(30, announced.body().getInteger("interval"));

    JsonObject file = cluster.get(2, "/api/groups/" + group + "/files/movie.mkv", seeder).body();
    assertEquals(
        new JsonArray()
            .add(new JsonObject().put("user", seederName).put("address", "127.0.0.1:7777").put("complete", true)),
        file.getJsonArray("peers"));
    byte[] key = Base64.getDecoder().decode(cluster.get(1, "/api/peer-key", null).body().getString("publicKey"));
    PeerToken.Verification check =
        PeerToken.verify(PeerToken.publicKey(key), file.getString("token"), info.infoHashHex(), Instant.now());
    assertEquals(seederName, assertInstanceOf(PeerToken.Valid.class, check).claims().user());

    JsonObject listed = cluster.get(1, "/api/groups/" + group + "/files", seeder).body().getJsonArray("files").getJsonObject(0);
    assertEquals(1, listed.getInteger("online"));
    assertEquals(new JsonArray().add(seederName), listed.getJsonArray("sharers"));

    String outsider = cluster.signUp(2, name("outsider"));
    assertEquals(403, cluster.get(2, "/api/swarm/" + info.infoHashHex() + "/peers?group=" + group, outsider).status());

    JsonObject removed = cluster.call(2, HttpMethod.DELETE, "/api/groups/" + group + "/files/movie.mkv", seeder, null).body();
    assertEquals(true, removed.getBoolean("removed"));
    assertTrue(cluster.get(1, "/api/groups/" + group + "/files", seeder).body().getJsonArray("files").isEmpty());
  }

  private static JsonObject upload(InfoDictionary info) {
    return new JsonObject().put("info", Base64.getEncoder().encodeToString(info.encoded()));
  }

  private static JsonObject announceOf(String group, InfoDictionary info, String address) {
    return new JsonObject()
        .put("address", address)
        .put(
            "announces",
            new JsonArray()
                .add(new JsonObject().put("group", group).put("infoHash", info.infoHashHex()).put("complete", true)));
  }

  @Test
  void leavingDropsTheLeaversSharesAndLogoutTakesThemOffline() {
    String group = name("leavers");
    String ownerName = name("keeper");
    String owner = cluster.signUp(1, ownerName);
    String memberName = name("goer");
    String member = cluster.signUp(2, memberName);
    cluster.post(1, "/api/groups", owner, new JsonObject().put("group", group));
    cluster.post(2, "/api/groups/" + group + "/join", member, null);
    cluster.post(1, "/api/groups/" + group + "/requests/" + memberName + "/accept", owner, null);

    InfoDictionary onlyMine = InfoDictionary.of("mine.bin", 10, 16 * 1024, new byte[20], new byte[20]);
    InfoDictionary both = InfoDictionary.of("both.bin", 20, 16 * 1024, new byte[20], new byte[20]);
    assertEquals(201, cluster.post(2, "/api/groups/" + group + "/files", member, upload(onlyMine)).status());
    assertEquals(201, cluster.post(2, "/api/groups/" + group + "/files", member, upload(both)).status());
    assertEquals(201, cluster.post(1, "/api/groups/" + group + "/files", owner, upload(both)).status());
    cluster.post(1, "/api/announce", owner, announceOf(group, both, "127.0.0.1:7001"));
    cluster.post(2, "/api/announce", member, announceOf(group, both, "127.0.0.1:7002"));

    String peersPath = "/api/swarm/" + both.infoHashHex() + "/peers?group=" + group;
    assertEquals(2, cluster.get(1, peersPath, owner).body().getJsonArray("peers").size());
    cluster.post(1, "/api/groups/" + group + "/leave", member, null);
    JsonArray files = cluster.get(2, "/api/groups/" + group + "/files", owner).body().getJsonArray("files");
    assertEquals(1, files.size(), files::encode);
    assertEquals("both.bin", files.getJsonObject(0).getString("name"));
    assertEquals(new JsonArray().add(ownerName), files.getJsonObject(0).getJsonArray("sharers"));
    assertEquals(
        new JsonArray().add(new JsonObject().put("user", ownerName).put("address", "127.0.0.1:7001").put("complete", true)),
        cluster.get(2, peersPath, owner).body().getJsonArray("peers"));

    cluster.call(2, HttpMethod.DELETE, "/api/sessions", owner, null);
    String again = cluster.login(1, ownerName);
    assertTrue(cluster.get(1, peersPath, again).body().getJsonArray("peers").isEmpty());
  }

  @Test
  void badInputIsAnsweredWithJsonErrorsNeverA500() {
    assertEquals(400, cluster.postRaw(1, "/api/users", Buffer.buffer("{not json")).status());
    assertEquals(400, cluster.post(1, "/api/users", null, new JsonObject().put("user", "../x").put("password", "p")).status());
    assertEquals(400, cluster.post(1, "/api/users", null, new JsonObject().put("user", "ok")).status());
    TestCluster.Reply tooBig = cluster.postRaw(2, "/api/users", Buffer.buffer("x".repeat(70_000)));
    assertEquals(413, tooBig.status());
    assertFalse(tooBig.body().getString("error").isBlank());
    assertEquals(401, cluster.get(1, "/api/groups", "forged-token").status());
    assertEquals(401, cluster.get(1, "/api/groups", null).status());
    String user = name("dora");
    cluster.signUp(1, user);
    JsonObject wrong = new JsonObject().put("user", user).put("password", "wrong");
    assertEquals(401, cluster.post(2, "/api/sessions", null, wrong).status());
    assertEquals(404, cluster.post(2, "/api/sessions", null, wrong.copy().put("user", name("nobody"))).status());
    String token = cluster.login(1, user);
    String group = name("strict");
    cluster.post(1, "/api/groups", token, new JsonObject().put("group", group));
    assertEquals(400, cluster.post(1, "/api/groups/" + group + "/files", token, new JsonObject().put("info", "%%%")).status());
    assertEquals(
        400,
        cluster.post(1, "/api/groups/" + group + "/files", token,
            new JsonObject().put("info", Base64.getEncoder().encodeToString("d4:spam4:eggse".getBytes()))).status());
    assertEquals(400, cluster.get(1, "/api/swarm/XYZ/peers?group=" + group, token).status());
    assertEquals(404, cluster.get(1, "/api/nowhere", token).status());
  }
}
