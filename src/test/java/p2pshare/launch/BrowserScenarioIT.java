package p2pshare.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.ui.Chromium.screenshot;
import static p2pshare.ui.Chromium.waitGone;
import static p2pshare.ui.Chromium.waitText;
import static p2pshare.ui.Chromium.waitVisible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import p2pshare.ui.Chromium;

/**
 * The whole story in the browser: Alice signs up, creates a group and shares a file; Bob asks to
 * join, Alice accepts, Bob downloads the file and sees it complete; a wrong password is refused.
 * Two users in real headless Chromium, each on the UI of their own {@code ./client} process, with
 * two real {@code ./tracker} processes behind them. Everything goes through the page: no stdin
 * commands, no direct API calls.
 */
@Timeout(300)
class BrowserScenarioIT {
  @TempDir static Path dir;
  private static final List<AutoCloseable> started = new ArrayList<>();
  private static final Path REPO = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  private static final Pattern UI_LINE =
      Pattern.compile("ui: (http://127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]{43}/)");

  /** Six 512 KiB pieces and a short last one: enough for a piece map, quick on 2 cores. */
  private static final int MOVIE_BYTES = 3 * 1024 * 1024 + 1234;

  private static ChromeDriver browser;

  @AfterAll
  static void stopEverything() throws Exception {
    if (browser != null) browser.quit();
    for (AutoCloseable c : started.reversed()) c.close();
  }

  /** Starts {@code ./client} and returns the UI address it printed. */
  private static String client(String name, Path trackerInfo) throws IOException {
    int port = TrackerCluster.freePort();
    LauncherProcess c =
        LauncherProcess.start(
            name,
            REPO,
            List.of(
                "./client",
                "127.0.0.1:" + port,
                trackerInfo.toString(),
                "--data-dir",
                dir.resolve(name).toString()));
    started.add(c);
    String out = c.awaitOutput(o -> UI_LINE.matcher(o).find(), "ui: line");
    Matcher ui = UI_LINE.matcher(out);
    assertTrue(ui.find(), out);
    return ui.group(1);
  }

  @Test
  void twoUsersMeetInAGroupThroughTheirBrowsers() throws Exception {
    TrackerCluster cluster = new TrackerCluster(REPO, dir);
    started.add(cluster);
    cluster.startBoth();
    String aliceUi = client("alice", cluster.trackerInfo);
    String bobUi = client("bob", cluster.onlyTracker(2));
    browser = Chromium.start();

    // Alice signs up on her client's page and creates a group.
    String alice = browser.getWindowHandle();
    browser.get(aliceUi);
    signUp("alice", "alice-password");
    browser.findElement(By.id("create-group-name")).sendKeys("movies");
    browser.findElement(By.id("create-group-button")).click();
    waitVisible(browser, "li.group[data-group='movies'] .badge-owner");
    waitText(browser, "#group-title", "movies");

    // Bob, on his own client (which only knows tracker 2), asks to join.
    String bob = browser.switchTo().newWindow(WindowType.TAB).getWindowHandle();
    browser.get(bobUi);
    signUp("bob", "bob-password");
    waitVisible(browser, "li.group[data-group='movies'] button.join-group").click();
    waitVisible(browser, "li.group[data-group='movies'] .badge-pending");
    screenshot(browser, "scenario-bob-requested");

    // Alice sees the request and accepts it.
    browser.switchTo().window(alice);
    browser.findElement(By.id("groups-refresh")).click();
    waitVisible(browser, "li.request[data-user='bob'] button.accept-request").click();
    waitGone(browser, "li.request[data-user='bob']");
    waitText(browser, "#group-meta", "Owner alice · members: alice, bob");
    screenshot(browser, "scenario-alice-accepted");

    // Alice shares a file from her disk.
    Path movie = Files.createDirectories(dir.resolve("alice-files")).resolve("movie.bin");
    byte[] content = new byte[MOVIE_BYTES];
    new Random(20261128).nextBytes(content);
    Files.write(movie, content);
    browser.findElement(By.id("share-path")).sendKeys(movie.toString());
    browser.findElement(By.id("share-button")).click();
    waitVisible(browser, "tr.file[data-name='movie.bin']");
    waitText(browser, "tr.file[data-name='movie.bin'] .file-sharers", "1 / 1");

    // Bob is a member now: he sees the file and downloads it into a folder of his.
    browser.switchTo().window(bob);
    browser.findElement(By.id("groups-refresh")).click();
    waitVisible(browser, "li.group[data-group='movies'] .badge-member");
    browser.findElement(By.cssSelector("li.group[data-group='movies'] .group-select")).click();
    Path downloads = Files.createDirectories(dir.resolve("bob-downloads"));
    browser.findElement(By.id("download-dest")).sendKeys(downloads.toString());
    waitVisible(browser, "tr.file[data-name='movie.bin'] button.download-file").click();
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("li.download[data-name='movie.bin'][data-state='C']")));
    waitText(browser, "li.download[data-name='movie.bin'] .download-percent", "100%");
    assertArrayEquals(content, Files.readAllBytes(downloads.resolve("movie.bin")));
    WebElement pieces =
        browser.findElement(By.cssSelector("li.download[data-name='movie.bin'] details"));
    if (pieces.getDomAttribute("open") == null) pieces.findElement(By.tagName("summary")).click();
    waitVisible(browser, "li.download[data-name='movie.bin'] .legend-peer");
    screenshot(browser, "scenario-bob-downloaded");

    // Bob shares what he downloaded. His client registers as a sharer just after completing, so
    // Alice presses refresh until the tracker's answer counts him (the page itself never polls).
    browser.switchTo().window(alice);
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .ignoring(StaleElementReferenceException.class)
        .until(
            driver -> {
              driver.findElement(By.id("files-refresh")).click();
              return driver
                  .findElement(By.cssSelector("tr.file[data-name='movie.bin'] .file-sharers"))
                  .getText()
                  .equals("2 / 2");
            });
    browser.switchTo().window(bob);

    // A wrong password is shown beside the form, and nobody is signed in.
    browser.findElement(By.id("logout-button")).click();
    waitVisible(browser, "#auth-form");
    assertEquals(
        "bob",
        browser.findElement(By.id("auth-user")).getDomProperty("value"),
        "the name stays for the next login");
    browser.findElement(By.id("auth-password")).sendKeys("not-bobs-password");
    browser.findElement(By.id("login-button")).click();
    assertTrue(
        waitVisible(browser, "#auth-error").getText().startsWith("wrong password"),
        browser.findElement(By.id("auth-error")).getText());
    screenshot(browser, "scenario-wrong-password");
    assertEquals("out", browser.findElement(By.tagName("body")).getDomAttribute("data-session"));
  }

  private static void signUp(String user, String password) {
    waitVisible(browser, "#auth-form");
    browser.findElement(By.id("auth-user")).sendKeys(user);
    browser.findElement(By.id("auth-password")).sendKeys(password);
    browser.findElement(By.id("signup-button")).click();
    waitText(browser, "#whoami", user);
  }
}
