package p2pshare.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2pshare.common.PeerToken;
import p2pshare.common.TrackerInfo;

/** The client's token check against a tracker stand-in on loopback whose key the test replaces. */
class PeerKeyVerifierTest {
  private static final String HASH = "cd".repeat(20);

  private final Vertx vertx = Vertx.vertx();
  private final AtomicReference<KeyPair> trackerKey = new AtomicReference<>(PeerToken.generateKeyPair());
  private final AtomicInteger keyFetches = new AtomicInteger();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Serves {@code GET /api/peer-key} with whatever key the tracker holds now. */
  private PeerKeyVerifier verifierOfATracker() throws Exception {
    HttpServer http = vertx.createHttpServer()
        .requestHandler(req -> {
          keyFetches.incrementAndGet();
          String key = Base64.getEncoder().encodeToString(trackerKey.get().getPublic().getEncoded());
          req.response().putHeader("content-type", "application/json").end(new JsonObject().put("publicKey", key).encode());
        })
        .listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    int port = http.actualPort();
    TrackerClient tracker = new TrackerClient(vertx,
        new TrackerInfo(List.of(new TrackerInfo.Address("127.0.0.1", port, port + 1000))), new ClientEvents(vertx.eventBus()));
    PeerKeyVerifier verifier = new PeerKeyVerifier(tracker);
    verifier.members().learn(new JsonObject().put("members", new JsonObject().put("g", new JsonArray().add("alice")))
        .put("membersAsOf", System.currentTimeMillis()));
    verifier.ensureKey().await(10, TimeUnit.SECONDS);
    return verifier;
  }

  private String tokenSignedWith(KeyPair key) {
    Instant now = Instant.now();
    return PeerToken.sign(key.getPrivate(), "alice", "g", HASH, now, now.plus(Duration.ofMinutes(5)));
  }

  @Test
  void aClientHoldingASupersededKeyTakesUpTheTrackersNewKeyAfterABadSignature() throws Exception {
    PeerKeyVerifier verifier = verifierOfATracker();
    KeyPair merged = PeerToken.generateKeyPair();
    trackerKey.set(merged);
    String token = tokenSignedWith(merged);

    assertFalse(verifier.accepts(token, HASH), "refused while the client still holds the old key");
    // The peer retrying, as it does at every refresh; at most one fetch per interval however often.
    await().atMost(PeerKeyVerifier.REFETCH_INTERVAL.plusSeconds(10)).until(() -> verifier.accepts(token, HASH));
    assertEquals(2, keyFetches.get(), "one fetch at start, one after the bad signatures");
  }
}
