package p2pshare.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The UI's HTTP and bridge rules, over real sockets on loopback. */
@Timeout(30)
class UiBridgeSecurityTest {
  private Vertx vertx;
  private UiServer ui;
  private String secretRoot;
  private HttpClient http;
  private WebSocketClient webSockets;

  @BeforeEach
  void startUi() {
    vertx = Vertx.vertx();
    ui = new UiServer(new UiBinding("127.0.0.1", 0, false));
    vertx.deployVerticle(ui).await();
    secretRoot = URI.create(ui.url()).getPath();
    http = vertx.createHttpClient();
    webSockets = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void printedUrlIsOnLoopbackWithALongSecret() {
    assertTrue(ui.url().startsWith("http://127.0.0.1:" + ui.port() + "/"), ui.url());
    assertTrue(
        secretRoot.matches("/[A-Za-z0-9_-]{43}/"), "256-bit base64url secret: " + secretRoot);
  }

  @Test
  void pageWithTheSecretIsServedWithStrictHeaders() {
    Answer response = get(secretRoot, "127.0.0.1:" + ui.port(), null);
    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("<title>p2pshare</title>"));
    assertTrue(response.getHeader("Content-Security-Policy").contains("frame-ancestors 'none'"));
    assertEquals("no-referrer", response.getHeader("Referrer-Policy"));
  }

  @Test
  void secretWithoutTrailingSlashRedirectsSoRelativeLinksWork() {
    String bare = secretRoot.substring(0, secretRoot.length() - 1);
    Answer response = get(bare, "127.0.0.1:" + ui.port(), null);
    assertEquals(302, response.statusCode());
    assertEquals(secretRoot, response.getHeader("Location"));
  }

  @Test
  void requestsWithoutTheSecretAreRefused() {
    for (String path : List.of("/", "/index.html", "/eventbus/info", "/x" + secretRoot)) {
      Answer response = get(path, "127.0.0.1:" + ui.port(), null);
      assertEquals(403, response.statusCode(), path);
      String body = response.body();
      assertTrue(body.startsWith("error: ") && !body.contains("Exception"), body);
    }
    char last = secretRoot.charAt(secretRoot.length() - 2);
    String almost = secretRoot.substring(0, secretRoot.length() - 2) + (last == 'A' ? 'B' : 'A') + "/";
    assertEquals(403, get(almost, "127.0.0.1:" + ui.port(), null).statusCode());
  }

  @Test
  void aForeignHostNameIsRefusedAgainstDnsRebinding() {
    assertEquals(421, get(secretRoot, "attacker.example:" + ui.port(), null).statusCode());
    assertEquals(200, get(secretRoot, "localhost:" + ui.port(), null).statusCode());
  }

  @Test
  void bridgeWithoutTheSecretIsRefused() {
    assertEquals("HTTP/1.1 403 Forbidden", handshakeStatus("/eventbus/websocket", ownOrigin()));
    assertTrue(connectFails("/eventbus/websocket", ownOrigin()));
  }

  @Test
  void bridgeFromAForeignOriginIsRefused() {
    String uri = secretRoot + "eventbus/websocket";
    assertEquals("HTTP/1.1 101 Switching Protocols", handshakeStatus(uri, ownOrigin()));
    assertFalse(connectFails(uri, ownOrigin()));
    for (String foreign :
        List.of(
            "http://attacker.example",
            "http://127.0.0.1:" + (ui.port() + 1),
            "null",
            "https://127.0.0.1:" + ui.port())) {
      assertEquals("HTTP/1.1 403 Forbidden", handshakeStatus(uri, foreign), foreign);
      assertTrue(connectFails(uri, foreign), foreign);
    }
  }

  @Test
  void permittedCommandReachesTheCommandConsumerAndItsReplyComesBack() {
    vertx
        .eventBus()
        .<JsonObject>consumer(
            UiServer.COMMAND_ADDRESS,
            message ->
                message.reply(
                    new JsonObject()
                        .put("ok", true)
                        .put("message", "ran " + message.body().getString("cmd"))
                        .put(
                            "data",
                            new JsonObject().put("args", message.body().getJsonArray("args")))));
    Frames frames = open(ownOrigin());

    frames.send(command("r1", "status", new JsonArray().add("x")));

    JsonObject reply = frames.awaitAddressed("r1");
    assertEquals("ran status", reply.getJsonObject("body").getString("message"));
    assertEquals(
        new JsonArray().add("x"),
        reply.getJsonObject("body").getJsonObject("data").getJsonArray("args"));
  }

  @Test
  void scriptsWithoutAnOriginHeaderMayUseTheBridgeWithTheSecret() {
    vertx
        .eventBus()
        .consumer(
            UiServer.COMMAND_ADDRESS, message -> message.reply(new JsonObject().put("ok", true)));
    Frames frames = open(null);
    frames.send(command("r1", "help", new JsonArray()));
    assertTrue(frames.awaitAddressed("r1").getJsonObject("body").getBoolean("ok"));
  }

  @Test
  void sendToAnAddressNotOnTheListIsRefusedAndNeverDelivered() {
    AtomicInteger delivered = new AtomicInteger();
    vertx.eventBus().consumer("p2pshare.internal", message -> delivered.incrementAndGet());
    Frames frames = open(ownOrigin());

    frames.send(
        new JsonObject()
            .put("type", "send")
            .put("address", "p2pshare.internal")
            .put("body", new JsonObject()));

    assertEquals("access_denied", frames.awaitError().getString("body"));
    assertEquals(0, delivered.get());
  }

  @Test
  void listeningOnTheCommandAddressIsRefused() {
    Frames frames = open(ownOrigin());
    frames.send(new JsonObject().put("type", "register").put("address", UiServer.COMMAND_ADDRESS));
    assertEquals("access_denied", frames.awaitError().getString("body"));
  }

  @Test
  void publishingToTheCommandAddressIsRefused() {
    AtomicInteger delivered = new AtomicInteger();
    vertx.eventBus().consumer(UiServer.COMMAND_ADDRESS, message -> delivered.incrementAndGet());
    Frames frames = open(ownOrigin());

    frames.send(
        new JsonObject()
            .put("type", "publish")
            .put("address", UiServer.COMMAND_ADDRESS)
            .put("body", new JsonObject().put("cmd", "logout").put("args", new JsonArray())));

    assertEquals("rejected", frames.awaitError().getString("body"));
    assertEquals(0, delivered.get());
  }

  @Test
  void publishedEventsReachARegisteredPage() {
    vertx
        .eventBus()
        .consumer(
            UiServer.COMMAND_ADDRESS, message -> message.reply(new JsonObject().put("ok", true)));
    Frames frames = open(ownOrigin());
    frames.send(new JsonObject().put("type", "register").put("address", UiServer.EVENTS_ADDRESS));
    // The bridge handles a socket's frames in order: once this reply is back, so is the register.
    frames.send(command("r1", "status", new JsonArray()));
    frames.awaitAddressed("r1");

    vertx
        .eventBus()
        .publish(
            UiServer.EVENTS_ADDRESS, new JsonObject().put("type", "notice").put("message", "hi"));

    assertEquals(
        "hi",
        frames.awaitAddressed(UiServer.EVENTS_ADDRESS).getJsonObject("body").getString("message"));
  }

  private String ownOrigin() {
    return "http://127.0.0.1:" + ui.port();
  }

  /** An HTTP answer read whole on the event loop (a body not read there is lost). */
  private record Answer(int statusCode, MultiMap headers, String body) {
    String getHeader(String name) {
      return headers.get(name);
    }
  }

  private Answer get(String path, String hostHeader, String origin) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(ui.port())
            .setURI(path);
    options.putHeader("Host", hostHeader);
    if (origin != null) {
      options.putHeader("Origin", origin);
    }
    return http.request(options)
        .compose(HttpClientRequest::send)
        .compose(
            response ->
                response
                    .body()
                    .map(
                        body ->
                            new Answer(response.statusCode(), response.headers(), body.toString())))
        .await();
  }

  private Future<WebSocket> connect(String uri, String origin) {
    // Without allowOriginHeader the client drops any Origin header, the way scripts connect.
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost("127.0.0.1")
            .setPort(ui.port())
            .setURI(uri)
            .setAllowOriginHeader(origin != null);
    if (origin != null) {
      options.putHeader("Origin", origin);
    }
    return webSockets.connect(options);
  }

  private boolean connectFails(String uri, String origin) {
    return connect(uri, origin)
        .transform(attempt -> Future.succeededFuture(attempt.failed()))
        .await();
  }

  /**
   * The status line a WebSocket handshake gets, read from a raw socket: the Vert.x client reports a
   * refused handshake only as a closed connection, without the status.
   */
  private String handshakeStatus(String uri, String origin) {
    NetSocket socket = vertx.createNetClient().connect(ui.port(), "127.0.0.1").await();
    // Touched only on the socket's context; the test thread waits for the promise.
    StringBuilder received = new StringBuilder();
    Promise<String> statusLine = Promise.promise();
    socket.handler(data -> {
      received.append(data.toString());
      int end = received.indexOf("\r\n");
      if (end >= 0) {
        statusLine.tryComplete(received.substring(0, end));
      }
    });
    socket.closeHandler(v -> statusLine.tryFail("closed before a status line; received: " + received));
    socket
        .write(
            "GET "
                + uri
                + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + ui.port()
                + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13"
                + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: "
                + origin
                + "\r\n\r\n")
        .await();
    try {
      return statusLine.future().await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no status line within 10 s for " + uri, e);
    } finally {
      socket.close();
    }
  }

  private Frames open(String origin) {
    return new Frames(connect(secretRoot + "eventbus/websocket", origin).await());
  }

  private static JsonObject command(String replyAddress, String cmd, JsonArray args) {
    return new JsonObject()
        .put("type", "send")
        .put("address", UiServer.COMMAND_ADDRESS)
        .put("replyAddress", replyAddress)
        .put("body", new JsonObject().put("cmd", cmd).put("args", args));
  }

  /** The JSON frames a raw bridge WebSocket received, and a way to send one. */
  private static final class Frames {
    private final WebSocket socket;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();

    Frames(WebSocket socket) {
      this.socket = socket;
      // The raw endpoint answers in binary frames holding JSON text.
      socket.handler(data -> received.add(new JsonObject(data)));
    }

    void send(JsonObject frame) {
      socket.writeTextMessage(frame.encode()).await();
    }

    JsonObject awaitAddressed(String address) {
      return await(frame -> address.equals(frame.getString("address")));
    }

    JsonObject awaitError() {
      return await(frame -> "err".equals(frame.getString("type")));
    }

    private JsonObject await(Predicate<JsonObject> wanted) {
      return Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> received.stream().filter(wanted).findFirst(), Optional::isPresent)
          .orElseThrow();
    }
  }
}
