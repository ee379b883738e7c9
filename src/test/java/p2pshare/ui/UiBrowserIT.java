package p2pshare.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in real headless Chromium against a real UiServer. The command consumer here answers
 * with replies shaped as docs/client-bus.md says, so these tests check the page: that it connects
 * through the bridge, renders each reply, sends the contract's commands and follows pushed events.
 * The commands themselves are tested on the client side.
 */
@Timeout(120)
class UiBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Vertx vertx;
  private static UiServer ui;
  private static ChromeDriver browser;
  private static final Map<String, Function<JsonArray, JsonObject>> replies =
      new ConcurrentHashMap<>();
  private static final List<JsonObject> received = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    vertx
        .eventBus()
        .<JsonObject>consumer(
            UiServer.COMMAND_ADDRESS,
            message -> {
              received.add(message.body());
              String cmd = message.body().getString("cmd");
              Function<JsonArray, JsonObject> reply = replies.get(cmd);
              message.reply(
                  reply == null
                      ? error("unknown command " + cmd)
                      : reply.apply(message.body().getJsonArray("args")));
            });
    ui = new UiServer(new UiBinding("127.0.0.1", 0, false));
    vertx.deployVerticle(ui).await();
    browser = Chromium.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    vertx.close().await();
  }

  @BeforeEach
  void signedOut() {
    replies.clear();
    received.clear();
    replies.put(
        "status",
        args ->
            ok("not logged in", new JsonObject().putNull("user").put("address", "127.0.0.1:6000")));
    browser.manage().window().setSize(new Dimension(1280, 800));
  }

  @Test
  void pageWithTheSecretConnectsAndShowsTheLoginForm() throws IOException {
    browser.get(ui.url());

    waitFor("#connection[data-state='open']");
    waitVisible("#auth-form");
    assertTrue(browser.findElement(By.id("auth-user")).isDisplayed());
    assertTrue(browser.findElement(By.id("login-button")).isDisplayed());
    assertFalse(browser.findElement(By.id("main-view")).isDisplayed());
    assertEquals("status", received.get(0).getString("cmd"));
    screenshot("login-form");
  }

  @Test
  void pageWithoutTheSecretIsRefused() throws IOException {
    String withoutSecret = "http://127.0.0.1:" + ui.port() + "/";

    browser.get(withoutSecret);

    String text = browser.findElement(By.tagName("body")).getText();
    assertTrue(text.contains("needs the secret the client printed"), text);
    assertTrue(browser.findElements(By.id("auth-form")).isEmpty());
    assertTrue(received.isEmpty(), "no command may reach the client without the secret");
    screenshot("refused-without-secret");
  }

  @Test
  void wrongPasswordShowsTheErrorBesideTheForm() throws IOException {
    replies.put("login", args -> error("wrong password for " + args.getString(0) + " (try again)"));
    browser.get(ui.url());
    waitVisible("#auth-form");

    browser.findElement(By.id("auth-user")).sendKeys("alice");
    browser.findElement(By.id("auth-password")).sendKeys("not-her-password");
    browser.findElement(By.id("login-button")).click();

    WebElement error = waitVisible("#auth-error");
    assertEquals("wrong password for alice (try again)", error.getText());
    assertEquals(
        new JsonArray().add("alice").add("not-her-password"),
        lastCommand("login").getJsonArray("args"));
    assertFalse(browser.findElement(By.id("main-view")).isDisplayed());
    screenshot("login-wrong-password");
  }

  @Test
  void signedInPageShowsGroupsFilesRequestsAndALivePieceMap() throws IOException {
    signedInAsAliceWithData();
    browser.get(ui.url());

    waitVisible("#main-view");
    assertEquals("alice", browser.findElement(By.id("whoami")).getText());
    waitVisible("li.group[data-group='movies'] .badge-owner");
    assertTrue(
        browser
            .findElement(By.cssSelector("li.group[data-group='books'] button.join-group"))
            .isDisplayed());
    browser.findElement(By.cssSelector("li.group[data-group='movies'] .group-select")).click();
    WebElement row = waitVisible("tr.file[data-name='big.iso']");
    assertEquals("1 / 2", row.findElement(By.className("file-sharers")).getText());
    waitVisible("li.request[data-user='bob'] button.accept-request");
    WebElement download = waitVisible("li.download[data-name='big.iso']");
    assertEquals("50%", download.findElement(By.className("download-percent")).getText());
    String peerLegend =
        waitFor("li.download[data-name='big.iso'] .legend-peer[data-peer='127.0.0.1:6001']")
            .getText();
    assertTrue(peerLegend.contains("3 pieces") && peerLegend.contains("got 1.50 MiB"), peerLegend);
    assertTrue(
        waitFor("li.download[data-name='big.iso'] .legend-dropped").getText().contains("127.0.0.1:6666"));
    screenshot("signed-in-1280x800");
    Chromium.screenshot(download, "download-card");

    vertx.eventBus().publish(UiServer.EVENTS_ADDRESS, downloadsEvent(6, "D"));

    new WebDriverWait(browser, WAIT)
        .until(
            ExpectedConditions.textToBe(
                By.cssSelector("li.download[data-name='big.iso'] .download-percent"), "75%"));

    browser.manage().window().setSize(new Dimension(420, 900));
    waitVisible("tr.file[data-name='big.iso']");
    screenshot("signed-in-narrow-420");
  }

  @Test
  void actionsSendTheContractsCommandsAndShowErrorsWhereTheUserActed() throws IOException {
    signedInAsAliceWithData();
    replies.put(
        "download_file",
        args -> ok("downloading", new JsonObject().put("path", args.getString(2) + "/big.iso")));
    replies.put(
        "upload_file", args -> error("no file at " + args.getString(0) + " (check the path)"));
    replies.put(
        "accept_request",
        args ->
            ok(
                "accepted",
                new JsonObject().put("group", args.getString(0)).put("user", args.getString(1))));
    browser.get(ui.url());
    waitVisible("li.group[data-group='movies']").findElement(By.className("group-select")).click();
    WebElement row = waitVisible("tr.file[data-name='big.iso']");

    row.findElement(By.className("download-file")).click();
    assertTrue(
        waitVisible("tr.file[data-name='big.iso'] .row-error")
            .getText()
            .contains("Choose a folder"));
    browser.findElement(By.id("download-dest")).sendKeys("/tmp/dl");
    row.findElement(By.className("download-file")).click();
    waitVisible("tr.file[data-name='big.iso'] .row-note");
    assertEquals(
        new JsonArray().add("movies").add("big.iso").add("/tmp/dl"),
        lastCommand("download_file").getJsonArray("args"));

    browser.findElement(By.id("share-path")).sendKeys("/nope/missing.bin");
    browser.findElement(By.id("share-button")).click();
    assertEquals(
        "no file at /nope/missing.bin (check the path)", waitVisible("#share-error").getText());
    assertEquals(
        new JsonArray().add("/nope/missing.bin").add("movies"),
        lastCommand("upload_file").getJsonArray("args"));

    browser
        .findElement(By.cssSelector("li.request[data-user='bob'] button.accept-request"))
        .click();
    new WebDriverWait(browser, WAIT).until(driver -> lastCommand("accept_request") != null);
    assertEquals(
        new JsonArray().add("movies").add("bob"),
        lastCommand("accept_request").getJsonArray("args"));
    screenshot("actions");
  }

  @Test
  void aHugeFilesPieceMapSharesCellsAndStaysCompact() throws IOException {
    signedInAsAliceWithData();
    int pieces = 20_000;
    replies.put(
        "download_detail",
        args -> {
          JsonArray map = new JsonArray();
          for (int i = 0; i < pieces; i++) {
            map.add(
                i < pieces / 2
                    ? new JsonObject()
                        .put("state", "done")
                        .put("from", "127.0.0.1:" + (6001 + i % 3))
                    : new JsonObject().put("state", "missing"));
          }
          return ok("detail", new JsonObject().put("pieces", map).put("peers", new JsonArray()));
        });
    browser.get(ui.url());

    WebElement canvas = waitVisible("li.download[data-name='big.iso'] canvas.piece-map");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(driver -> canvas.getDomAttribute("data-per-cell") != null);

    assertTrue(
        Integer.parseInt(canvas.getDomAttribute("data-per-cell")) > 1, "several pieces per cell");
    assertTrue(canvas.getSize().getHeight() <= 132, "map height " + canvas.getSize().getHeight());
    assertEquals(
        3,
        browser
            .findElements(By.cssSelector("li.download[data-name='big.iso'] .legend-peer"))
            .size());
    Chromium.screenshot(
        browser.findElement(By.cssSelector("li.download[data-name='big.iso']")),
        "download-card-20000-pieces");
  }

  private static void signedInAsAliceWithData() {
    replies.put(
        "status",
        args ->
            ok(
                "alice",
                new JsonObject()
                    .put("user", "alice")
                    .put("address", "127.0.0.1:6000")
                    .put("tracker", "127.0.0.1:5000")));
    replies.put(
        "list_groups",
        args ->
            ok(
                "groups",
                new JsonObject()
                    .put(
                        "groups",
                        new JsonArray()
                            .add(
                                group(
                                    "movies",
                                    "alice",
                                    List.of("alice", "carol"),
                                    true,
                                    true,
                                    List.of("bob")))
                            .add(
                                group(
                                    "books", "dave", List.of("dave"), false, false, List.of())))));
    replies.put(
        "list_files",
        args ->
            ok(
                "files",
                new JsonObject()
                    .put(
                        "files",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("name", "big.iso")
                                    .put("length", 8L * 512 * 1024)
                                    .put("infoHash", "0123456789abcdef0123456789abcdef01234567")
                                    .put("sha1", "89abcdef0123456789abcdef0123456789abcdef")
                                    .put("sharers", 2)
                                    .put("online", 1)))));
    replies.put(
        "list_requests",
        args -> ok("bob", new JsonObject().put("requests", new JsonArray().add("bob"))));
    replies.put(
        "show_downloads", args -> ok("downloads", downloadsEvent(4, "D").copy().put("type", null)));
    replies.put(
        "download_detail",
        args -> {
          JsonArray pieces = new JsonArray();
          for (int i = 0; i < 8; i++) {
            pieces.add(
                i < 3
                    ? new JsonObject().put("state", "done").put("from", "127.0.0.1:6001")
                    : i == 3
                        ? new JsonObject().put("state", "done").put("from", "127.0.0.1:6002")
                        : i == 4
                            ? new JsonObject().put("state", "active").put("from", "127.0.0.1:6001")
                            : new JsonObject().put("state", "missing"));
          }
          return ok(
              "detail",
              new JsonObject()
                  .put("pieces", pieces)
                  .put("peers", new JsonArray().add(peer("127.0.0.1:6001")).add(peer("127.0.0.1:6002")))
                  .put("dropped", new JsonArray().add("127.0.0.1:6666")));
        });
  }

  /** A connected peer as download_detail describes it (docs/client-bus.md). */
  private static JsonObject peer(String address) {
    return new JsonObject()
        .put("address", address)
        .put("client", "p2pshare")
        .put("incoming", false)
        .put("downloaded", 1_572_864)
        .put("uploaded", 0)
        .put("downloadRate", 1_600_000)
        .put("uploadRate", 0)
        .put("choked", false)
        .put("interested", true);
  }

  private static JsonObject downloadsEvent(int have, String state) {
    long pieceLength = 512L * 1024;
    return new JsonObject()
        .put("type", "downloads")
        .put(
            "downloads",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("group", "movies")
                        .put("name", "big.iso")
                        .put("state", state)
                        .put("have", have)
                        .put("pieces", 8)
                        .put("bytes", have * pieceLength)
                        .put("length", 8 * pieceLength)
                        .put("rate", 3_200_000)
                        .put("peers", 2)));
  }

  private static JsonObject group(
      String name,
      String owner,
      List<String> members,
      boolean member,
      boolean isOwner,
      List<String> pending) {
    return new JsonObject()
        .put("group", name)
        .put("owner", owner)
        .put("members", new JsonArray(members))
        .put("member", member)
        .put("isOwner", isOwner)
        .put("pending", new JsonArray(pending));
  }

  private static JsonObject ok(String message, JsonObject data) {
    return new JsonObject().put("ok", true).put("message", message).put("data", data);
  }

  private static JsonObject error(String reason) {
    return new JsonObject()
        .put("ok", false)
        .put("message", "error: " + reason)
        .put("data", new JsonObject());
  }

  private static JsonObject lastCommand(String cmd) {
    JsonObject last = null;
    for (JsonObject command : received) {
      if (cmd.equals(command.getString("cmd"))) {
        last = command;
      }
    }
    return last;
  }

  private static WebElement waitVisible(String css) {
    return Chromium.waitVisible(browser, css);
  }

  private static WebElement waitFor(String css) {
    return Chromium.waitPresent(browser, css);
  }

  private static void screenshot(String name) throws IOException {
    Chromium.screenshot(browser, name);
  }
}
