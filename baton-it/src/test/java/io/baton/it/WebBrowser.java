package io.baton.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright for Java, for the web control center's tests. The browser download that
 * Playwright would otherwise attempt is switched off (tests reach nothing but loopback): the system's
 * {@code /usr/bin/chromium} is launched instead.
 */
final class WebBrowser implements AutoCloseable {
  static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  /** Where screenshots are saved as test output. */
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  private final Playwright playwright;
  private final Browser browser;

  private WebBrowser(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Starts Playwright's driver and a headless Chromium. */
  static WebBrowser launch() {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new AssertionError(CHROMIUM + " is missing: install Debian's chromium package (.ci/run does)");
    }
    Playwright playwright = Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser = playwright.chromium().launch(
          new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true));
      return new WebBrowser(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A new page in its own context (own cookies), of the given size. */
  Page newPage(int width, int height) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
    Page page = context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  /** Saves a screenshot of {@code page} as {@code target/screenshots/<name>.png}. */
  static Path screenshot(Page page, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }
}
