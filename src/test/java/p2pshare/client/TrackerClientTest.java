package p2pshare.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2pshare.FreePorts;
import p2pshare.common.TrackerInfo;

/** Failover against real HTTP servers and a real closed port on loopback. */
class TrackerClientTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<JsonObject> events = new CopyOnWriteArrayList<>();

  TrackerClientTest() {
    vertx.eventBus().<JsonObject>consumer(ClientEvents.EVENTS, m -> events.add(m.body()));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A port nothing listens on. */
  private static int closedPort() {
    return FreePorts.next();
  }

  /** A tracker stand-in answering every request with {@code handler}; records what it received. */
  private final class Server {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final HttpServer http;

    Server(Consumer<HttpServerRequest> handler) throws Exception {
      http = vertx.createHttpServer()
          .requestHandler(req -> {
            seen.add(req.method() + " " + req.path() + " " + Optional.ofNullable(req.getHeader("Authorization")).orElse("-"));
            handler.accept(req);
          })
          .listen(0, "127.0.0.1")
          .await(10, TimeUnit.SECONDS);
    }

    int port() {
      return http.actualPort();
    }
  }

  private static Consumer<HttpServerRequest> answer(int status, JsonObject body) {
    return req -> req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  private TrackerClient client(int... ports) {
    List<TrackerInfo.Address> list = new java.util.ArrayList<>();
    for (int p : ports) list.add(new TrackerInfo.Address("127.0.0.1", p, p + 1000));
    return new TrackerClient(vertx, new TrackerInfo(list), new ClientEvents(vertx.eventBus()));
  }

  private static JsonObject await(io.vertx.core.Future<JsonObject> f) throws Exception {
    return f.await(30, TimeUnit.SECONDS);
  }

  private List<String> notices() {
    return events.stream().filter(e -> "notice".equals(e.getString("type"))).map(e -> e.getString("message")).toList();
  }

  @Test
  void unreachableTrackerIsSkippedOnceAndTheGoodOneRemembered() throws Exception {
    int dead = closedPort();
    Server good = new Server(answer(200, new JsonObject().put("groups", List.of())));
    TrackerClient tracker = client(dead, good.port());

    assertEquals(new JsonObject().put("groups", List.of()), await(tracker.get("/api/groups")));
    await(tracker.get("/api/groups"));

    assertEquals(2, good.seen.size());
    assertEquals("127.0.0.1:" + good.port(), tracker.currentTracker());
    org.awaitility.Awaitility.await().until(() -> !notices().isEmpty());
    assertEquals(List.of("tracker 127.0.0.1:" + dead + " unreachable, using 127.0.0.1:" + good.port()), notices());
  }

  @Test
  void afterASwitchTheRemainingTrackersAreTriedInFileOrder() throws Exception {
    Server first = new Server(answer(503, new JsonObject().put("error", "cluster not ready")));
    Server second = new Server(answer(200, new JsonObject()));
    Server third = new Server(answer(200, new JsonObject()));
    TrackerClient tracker = client(first.port(), second.port(), third.port());
    await(tracker.get("/api/health"));
    assertEquals("127.0.0.1:" + second.port(), tracker.currentTracker());

    second.http.close().await(10, TimeUnit.SECONDS);
    await(tracker.get("/api/health"));

    assertEquals("127.0.0.1:" + third.port(), tracker.currentTracker());
    assertEquals(2, first.seen.size(), "the first tracker is retried before the third");
    assertEquals(1, third.seen.size());
    org.awaitility.Awaitility.await().until(() -> notices().size() == 2);
    assertEquals("tracker 127.0.0.1:" + second.port() + " unreachable, using 127.0.0.1:" + third.port(), notices().get(1));
  }

  @Test
  void aRefusalIsTheClustersAnswerShownVerbatimAndNotRetriedElsewhere() throws Exception {
    Server first = new Server(answer(409, new JsonObject().put("error", "user alice already exists; pick another user id")));
    Server second = new Server(answer(201, new JsonObject()));
    TrackerClient tracker = client(first.port(), second.port());

    var failure = assertThrows(Exception.class, () -> await(tracker.post("/api/users", new JsonObject())));
    TrackerRefusal refusal = assertInstanceOf(TrackerRefusal.class, failure);
    assertEquals(409, refusal.status());
    assertEquals("user alice already exists; pick another user id", refusal.getMessage());
    assertTrue(second.seen.isEmpty());
  }

  @Test
  void noTrackerReachableNamesEveryTrackerTried() throws Exception {
    int a = closedPort();
    int b = closedPort();
    TrackerClient tracker = client(a, b);
    var failure = assertThrows(UserError.class, () -> await(tracker.get("/api/groups")));
    assertEquals("no tracker reachable (tried 127.0.0.1:" + a + ", 127.0.0.1:" + b + ")", failure.getMessage());
  }

  @Test
  void theSessionTokenTravelsAndAnExpiredOneLogsTheClientOut() throws Exception {
    Server tracker401 = new Server(answer(401, new JsonObject().put("error", "not logged in (login <user_id> <password>)")));
    TrackerClient tracker = client(tracker401.port());
    tracker.startSession(new TrackerClient.Session("alice", "t0k3n"));

    var failure = assertThrows(TrackerRefusal.class, () -> await(tracker.get("/api/groups")));

    assertEquals("not logged in (login <user_id> <password>)", failure.getMessage());
    assertEquals(List.of("GET /api/groups Bearer t0k3n"), tracker401.seen);
    assertTrue(tracker.session().isEmpty());
    org.awaitility.Awaitility.await().until(() -> events.contains(new JsonObject().put("type", "session").putNull("user")));
  }

  @Test
  void aSessionOneTrackerDoesNotKnowYetIsAskedOfTheOthersBeforeLoggingOut() throws Exception {
    Server notMergedYet = new Server(answer(401, new JsonObject().put("error", "not logged in (login <user_id> <password>)")));
    Server knowsIt = new Server(answer(200, new JsonObject().put("groups", List.of())));
    TrackerClient tracker = client(notMergedYet.port(), knowsIt.port());
    tracker.startSession(new TrackerClient.Session("alice", "t0k3n"));

    assertEquals(new JsonObject().put("groups", List.of()), await(tracker.get("/api/groups")));

    assertEquals(List.of("GET /api/groups Bearer t0k3n"), knowsIt.seen);
    assertEquals("alice", tracker.session().orElseThrow().user(), "still logged in");
  }

  @Test
  void aSessionNoReachableTrackerKnowsEndsTheLogin() throws Exception {
    Server tracker401 = new Server(answer(401, new JsonObject().put("error", "not logged in (login <user_id> <password>)")));
    TrackerClient tracker = client(tracker401.port(), closedPort());
    tracker.startSession(new TrackerClient.Session("alice", "t0k3n"));

    var failure = assertThrows(TrackerRefusal.class, () -> await(tracker.get("/api/groups")));

    assertEquals("not logged in (login <user_id> <password>)", failure.getMessage());
    assertTrue(tracker.session().isEmpty());
  }

  @Test
  void pathSegmentsAreEncoded() {
    assertEquals("my%20file%C3%A9%2F..", TrackerClient.segment("my fileé/.."));
  }
}
