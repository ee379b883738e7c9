package p2pshare.tracker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.map.IMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.common.PeerToken;
import p2pshare.metainfo.InfoDictionary;
import p2pshare.tracker.state.DurableKind;
import p2pshare.tracker.state.DurableMaps;
import p2pshare.tracker.state.Versioned;

/**
 * Two clustered trackers follow the cluster's signing key: when a healed split brain leaves the
 * other side's key in the entry, both serve and sign with that key, and no token signed with the
 * old one is handed out any more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigningKeyIT {
  @TempDir static Path dir;
  /** An entry event reaches every member within milliseconds; the rest is a busy machine. */
  private static final Duration SWITCH = Duration.ofSeconds(10);
  private static final InfoDictionary FILE =
      InfoDictionary.of("key.bin", 10, 16 * 1024, new byte[20], new byte[20]);

  private TestCluster cluster;
  private String owner;

  @BeforeAll
  void twoTrackersAndASharedFile() {
    cluster = new TestCluster(dir, 2);
    cluster.start(1, 2);
    owner = cluster.signUp(1, "kim");
    assertEquals(201, cluster.post(1, "/api/groups", owner, new JsonObject().put("group", "keys")).status());
    JsonObject upload = new JsonObject().put("info", Base64.getEncoder().encodeToString(FILE.encoded()));
    assertEquals(201, cluster.post(1, "/api/groups/keys/files", owner, upload).status());
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  @Test
  void bothTrackersSignWithAndServeTheKeyAMergeLeftInTheCluster() {
    PublicKey before = servedKey(1);
    assertEquals(before, servedKey(2));
    String oldToken = token(1);
    assertInstanceOf(PeerToken.Valid.class, PeerToken.verify(before, oldToken, FILE.infoHashHex(), Instant.now()));

    KeyPair merged = mergeInAKeyFromTheOtherSide();

    await().atMost(SWITCH).until(() -> servedKey(1).equals(merged.getPublic()) && servedKey(2).equals(merged.getPublic()));
    for (int tracker = 1; tracker <= 2; tracker++) {
      String token = token(tracker);
      assertNotEquals(oldToken, token);
      assertInstanceOf(PeerToken.Valid.class, PeerToken.verify(merged.getPublic(), token, FILE.infoHashHex(), Instant.now()));
    }
  }

  /**
   * What Hazelcast's split-brain merge does to the entry when the other side's key wins: a key
   * generated there, with the same version as ours, whose encoding sorts higher (LastWriteWins).
   */
  private static KeyPair mergeInAKeyFromTheOtherSide() {
    IMap<String, String> keys = Hazelcast.getAllHazelcastInstances().iterator().next().getMap(DurableMaps.KEYS);
    Versioned ours = Versioned.decode(keys.get(SigningKey.KEY));
    DurableKind kind = DurableKind.of(DurableMaps.KEYS);
    while (true) {
      KeyPair pair = PeerToken.generateKeyPair();
      Versioned theirs = new Versioned(ours.version(), new JsonObject()
          .put("public", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()))
          .put("private", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()))
          .encode());
      if (kind.merge(ours, theirs).equals(theirs)) {
        keys.put(SigningKey.KEY, theirs.encode());
        return pair;
      }
    }
  }

  private PublicKey servedKey(int tracker) {
    String encoded = cluster.get(tracker, "/api/peer-key", null).body().getString("publicKey");
    return PeerToken.publicKey(Base64.getDecoder().decode(encoded));
  }

  /** The owner's peer token for the file, as an announce through {@code tracker} returns it. */
  private String token(int tracker) {
    JsonObject announce = new JsonObject().put("address", "127.0.0.1:7001").put("announces",
        new JsonArray().add(new JsonObject().put("group", "keys").put("infoHash", FILE.infoHashHex()).put("complete", true)));
    TestCluster.Reply reply = cluster.post(tracker, "/api/announce", owner, announce);
    assertEquals(200, reply.status(), reply.body()::encode);
    return reply.body().getJsonObject("tokens").getString(FILE.infoHashHex());
  }
}
