package p2pshare.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium for browser tests, and the waits and screenshots they share. */
public final class Chromium {
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Every step answers within a second here; ten leaves room for 2 busy cores. */
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Chromium() {}

  /**
   * Starts /usr/bin/chromium through /usr/bin/chromedriver with a fresh profile. Both paths are
   * explicit so Selenium Manager never tries to download a browser (there is no network here).
   */
  public static ChromeDriver start() throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--disable-default-apps",
        "--disable-extensions",
        "--window-size=1280,800",
        "--user-data-dir=" + Files.createTempDirectory("p2pshare-chromium"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    Files.createDirectories(SCREENSHOTS);
    return new ChromeDriver(service, options);
  }

  public static WebElement waitVisible(ChromeDriver browser, String css) {
    return new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  public static WebElement waitPresent(ChromeDriver browser, String css) {
    return new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  public static void waitText(ChromeDriver browser, String css, String text) {
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.textToBe(By.cssSelector(css), text));
  }

  public static void waitGone(ChromeDriver browser, String css) {
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Saves the page (or one element) as target/screenshots/NAME.png. */
  public static void screenshot(TakesScreenshot what, String name) throws IOException {
    File shot = what.getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
