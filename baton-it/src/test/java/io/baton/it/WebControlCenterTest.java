package io.baton.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web control center in a real Chromium (Playwright) against a real daemon, real demo players and the SDK: the
 * token, the cards, commands by click, drag and keyboard, live updates, error toasts, the phone layout. Screenshots
 * are saved under {@code target/screenshots/}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebControlCenterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long TRACK_MS = 180_000;

  @TempDir static Path dir;
  private static BatonFixture baton;
  private static WebBrowser browser;
  /** The printed address, with the token. */
  private static String url;
  /** The page's address without the token. */
  private static String base;
  private static String token;

  private final List<BatonFixture.DemoPlayer> players = new ArrayList<>();
  private Page page;

  @BeforeAll
  static void startDaemonAndBrowser() throws Exception {
    baton = new BatonFixture(dir).startDaemon("--web", "127.0.0.1:0");
    String ready = baton.daemon().awaitLineStartingWith("baton web ready on ", BatonFixture.START_TIMEOUT);
    url = ready.substring("baton web ready on ".length());
    assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{32}");
    base = url.substring(0, url.indexOf('?'));
    token = url.substring(url.indexOf("token=") + "token=".length());
    browser = WebBrowser.launch();
    PlaywrightAssertions.setDefaultAssertionTimeout(WAIT.toMillis());
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (baton != null) {
      baton.close();
    }
  }

  @AfterEach
  void stopPlayers() throws Exception {
    if (page != null) {
      page.context().close();
    }
    for (BatonFixture.DemoPlayer player : players) {
      player.process().close();
    }
  }

  @Test
  void access_withoutToken_isRefused_withToken_setsStrictCookie() throws Exception {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base)).build(), ofString());
    HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "?token=" + "0".repeat(32)))
        .build(), ofString());
    HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base + "api/sessions")).build(),
        ofString());
    HttpResponse<String> command = http.send(HttpRequest.newBuilder(URI.create(base + "api/sessions/X/commands"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"play\"}")).build(), ofString());
    HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(base + "api/sessions"))
        .header("Authorization", "Bearer " + token).build(), ofString());
    HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(URI.create(url)).build(), ofString());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(none.body()).contains("access token");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(command.statusCode()).isEqualTo(401);
    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(bearer.body()).startsWith("[");
    assertThat(withToken.statusCode()).isEqualTo(303);
    assertThat(withToken.headers().firstValue("Location")).hasValue("/");
    assertThat(withToken.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict"));

    page = browser.newPage(1280, 800);
    Response refused = page.navigate(base);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(page.content()).contains("access token");

    Response opened = page.navigate(url);
    assertThat(opened.status()).isEqualTo(200);
    assertThat(page.url()).isEqualTo(base);
    Cookie cookie = page.context().cookies().stream().filter(c -> c.name.equals("baton_web_token")).findFirst()
        .orElseThrow();
    assertThat(cookie.httpOnly).isTrue();
    assertThat(cookie.sameSite).isEqualTo(SameSiteAttribute.STRICT);
    assertThat(page.locator("#connection")).hasText("live");
  }

  @Test
  void demoPlayerCard_clickPlayThenPause_sessionReceivesThem() throws Exception {
    BatonFixture.DemoPlayer player = player("--title", "Morning Tone", "--artist", "The Testers");
    page = openPage(1280, 800);
    Locator card = card(player);

    assertThat(card).isVisible();
    assertThat(card.locator(".title")).hasText("Morning Tone");
    assertThat(card.locator(".artist")).hasText("The Testers");
    assertThat(card.locator(".app")).hasText("baton.cli");
    assertThat(card.locator(".artwork")).hasAttribute("src", "/static/placeholder.svg");

    card.locator("button[data-command=playPause]").click();
    JsonNode play = awaitCommand(player, "play");
    assertThat(play.get("caller").asText()).startsWith("web.");
    assertThat(card.locator("button[data-command=playPause]")).hasAttribute("aria-label", "Pause");

    card.locator("button[data-command=playPause]").click();
    awaitCommand(player, "pause");
    AVSessionManager sdk = baton.manager("it.web.check");
    AVSessionController controller = sdk.createController(player.sessionId()).join();
    await().atMost(WAIT).until(() -> controller.getAVPlaybackState().join().state() == PlaybackState.PAUSE);
    assertThat(card.locator("button[data-command=playPause]")).hasAttribute("aria-label", "Play");

    page.keyboard().press("n");
    awaitCommand(player, "playNext");
    assertThat(card.locator(".title")).hasText("Morning Tone #2");
    WebBrowser.screenshot(page, "card-paused");
  }

  @Test
  void speedLoopAndFavourite_reachTheSession_andTheCardShowsItsNewState() throws Exception {
    BatonFixture.DemoPlayer player = player("--title", "Extras Tone");
    page = openPage(1280, 800);
    Locator card = card(player);

    card.locator("select.speed").selectOption("1.5");
    JsonNode speed = awaitCommand(player, "setSpeed");
    card.locator("button[data-command=setLoopMode]").click();
    JsonNode loop = awaitCommand(player, "setLoopMode");
    card.locator("button[data-command=toggleFavorite]").click();
    JsonNode favorite = awaitCommand(player, "toggleFavorite");

    assertThat(speed.get("parameter").asDouble()).isEqualTo(1.5);
    assertThat(loop.get("parameter").asText()).isEqualTo("SINGLE");
    assertThat(favorite.get("parameter").asText()).isEqualTo("demo-1");
    assertThat(card.locator("select.speed")).hasValue("1.5");
    assertThat(card.locator("button[data-command=setLoopMode]")).hasText("Loop: single");
    assertThat(card.locator("button[data-command=toggleFavorite]")).hasAttribute("aria-pressed", "true");
  }

  @Test
  void progressBar_dragSeeks_andPositionAdvances() throws Exception {
    BatonFixture.DemoPlayer player = player("--title", "Drag Tone");
    page = openPage(1280, 800);
    Locator card = card(player);
    card.locator("button[data-command=playPause]").click();
    awaitCommand(player, "play");

    BoundingBox bar = card.locator(".track").boundingBox();
    double y = bar.y + bar.height / 2;
    page.mouse().move(bar.x + bar.width * 0.1, y);
    page.mouse().down();
    page.mouse().move(bar.x + bar.width * 0.3, y, new Mouse.MoveOptions().setSteps(5));
    page.mouse().move(bar.x + bar.width * 0.5, y, new Mouse.MoveOptions().setSteps(5));
    page.mouse().up();

    JsonNode seek = awaitCommand(player, "seek");
    assertThat((double) seek.get("parameter").asLong()).isCloseTo(TRACK_MS * 0.5, within(TRACK_MS * 0.02));
    AVSessionController controller = baton.manager("it.web.seek").createController(player.sessionId()).join();
    await().atMost(WAIT).untilAsserted(() -> {
      controller.getAVPlaybackState().join();
      assertThat((double) controller.getRealPlaybackPosition()).isCloseTo(TRACK_MS * 0.5, within(TRACK_MS * 0.05));
    });

    long first = positionShown(card);
    assertThat((double) first).isCloseTo(TRACK_MS * 0.5, within(TRACK_MS * 0.05));
    await().atMost(WAIT).until(() -> positionShown(card) >= first + 1500);
    assertThat(card.locator(".elapsed")).hasText(Pattern.compile("1:3\\d"));
    WebBrowser.screenshot(page, "card-playing-after-seek");
  }

  @Test
  void commandToInactiveSession_showsToastWithCodeMessageAndHint() throws Exception {
    BatonFixture.DemoPlayer player = player("--title", "Sleeping Tone", "--inactive");
    page = openPage(1280, 800);
    Locator card = card(player);
    assertThat(card.locator(".badge.inactive")).isVisible();
    assertThat(card.locator("button[data-command=playPause]")).isDisabled();

    // The button is disabled, so the keyboard (which sends regardless) is how a person reaches the refusal.
    card.locator(".info").click();
    page.keyboard().press(" ");

    Locator toast = page.locator(".toast[data-code='6600106']");
    assertThat(toast).isVisible();
    assertThat(toast.locator(".toast-code")).hasText("6600106");
    assertThat(toast.locator(".toast-message")).hasText("The session is not activated.");
    assertThat(toast.locator(".toast-hint")).hasText("Activate the session in its app first.");
    WebBrowser.screenshot(page, "toast-inactive-session");
    assertThat(player.process().drainLines()).isEmpty();
  }

  @Test
  void sessions_appearAndDisappearLive_topFirst_historyUpdated() throws Exception {
    BatonFixture.DemoPlayer first = player("--title", "First Tone");
    page = openPage(1280, 900);
    assertThat(card(first)).isVisible();

    BatonFixture.DemoPlayer second = player("--title", "Second Tone", "--artist", "Live Arrival");
    assertThat(card(second)).isVisible();
    assertThat(page.locator("article.card")).hasCount(2);

    // Playing makes a session the top one: its card moves first.
    card(second).locator("button[data-command=playPause]").click();
    awaitCommand(second, "play");
    assertThat(page.locator("article.card").first()).hasAttribute("data-session-id", second.sessionId());
    assertThat(card(second).locator(".badge.top")).isVisible();
    WebBrowser.screenshot(page, "two-sessions");

    first.process().close();
    assertThat(card(first)).hasCount(0);
    assertThat(page.locator("article.card")).hasCount(1);
    assertThat(page.locator("#history")).containsText("First Tone");
    assertThat(page.locator("#health")).containsText("Browsers connected");
    assertThat(page.locator("#no-paired-devices")).isVisible();
    assertThat(page.locator("#cast-off")).isVisible(); // This daemon runs without --cast.

    BatonFixture.DemoPlayer third = player("--title", "Evening Tone", "--artist", "Baton Demo");
    assertThat(page.locator("article.card")).hasCount(2);
    assertThat(page.locator("article.card").last()).hasAttribute("data-session-id", third.sessionId());
    page.locator("button[data-command=playPause]").first().focus();
    page.keyboard().press("ArrowRight");
    awaitCommand(second, "seek");
    WebBrowser.screenshot(page, "web-control-center");
  }

  @Test
  void artwork_fromImageBytesOrDataUrl_elsePlaceholder_andMetadataChangesLive() throws Exception {
    // Closed at the end, which destroys the sessions: other tests count cards.
    try (AVSessionManager app = AVSessionManager.builder().socket(baton.socket).appId("it.web.artwork").connect()) {
      artworkAndLiveMetadata(app);
    }
  }

  private void artworkAndLiveMetadata(AVSessionManager app) throws Exception {
    AVSession bytes = session(app, "bytes", AVMetadata.builder().setAssetId("a1").setTitle("Bytes Cover")
        .setMediaImage(png(8, 6)).build());
    String svg = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(
        "<svg xmlns='http://www.w3.org/2000/svg' width='5' height='5'><rect width='5' height='5'/></svg>"
            .getBytes(StandardCharsets.UTF_8));
    AVSession dataUrl = session(app, "data", AVMetadata.builder().setAssetId("a2").setTitle("Data Cover")
        .setMediaImageUri(svg).build());
    AVSession unreachable = session(app, "gone", AVMetadata.builder().setAssetId("a3").setTitle("Gone Cover")
        .setMediaImageUri("http://127.0.0.1:9/cover.png").build());
    page = openPage(1280, 1000);

    Locator bytesArt = card(bytes.getSessionId()).locator(".artwork");
    assertThat(bytesArt).hasAttribute("src",
        Pattern.compile("/api/sessions/" + bytes.getSessionId() + "/artwork\\?v=\\d+"));
    await().atMost(WAIT).until(() -> naturalWidth(bytesArt) == 8);
    Locator dataArt = card(dataUrl.getSessionId()).locator(".artwork");
    assertThat(dataArt).hasAttribute("src", svg);
    await().atMost(WAIT).until(() -> naturalWidth(dataArt) == 5);
    assertThat(card(unreachable.getSessionId()).locator(".artwork")).hasAttribute("src", "/static/placeholder.svg");

    bytes.setAVMetadata(AVMetadata.builder().setAssetId("a1").setTitle("Bytes Cover, renamed").build()).join();
    assertThat(card(bytes.getSessionId()).locator(".title")).hasText("Bytes Cover, renamed");
    bytes.deactivate().join();
    assertThat(card(bytes.getSessionId()).locator(".badge.inactive")).isVisible();
  }

  @Test
  void phoneSizedScreen_cardFitsWithoutHorizontalScrolling() throws Exception {
    BatonFixture.DemoPlayer player = player("--title", "A Rather Long Title For A Small Phone Screen");
    page = openPage(390, 844);
    Locator card = card(player);
    assertThat(card).isVisible();

    BoundingBox box = card.boundingBox();
    int scrollWidth = ((Number) page.evaluate("document.documentElement.scrollWidth")).intValue();

    assertThat(box.x).isGreaterThanOrEqualTo(0);
    assertThat(box.x + box.width).isLessThanOrEqualTo(390);
    assertThat(scrollWidth).isLessThanOrEqualTo(390);
    assertThat(card.locator("button[data-command=playPause]")).isVisible();
    WebBrowser.screenshot(page, "phone");
  }

  @Test
  void daemonRestartedWithNewToken_pageSaysItsTokenIsRefused() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path restartDir = dir.resolve("restart");
    try (BatonFixture first = new BatonFixture(restartDir)) {
      first.startDaemon("--web", "127.0.0.1:" + port);
      String firstUrl = webUrl(first);
      page = browser.newPage(1280, 800);
      page.navigate(firstUrl);
      assertThat(page.locator("#connection")).hasText("live");

      first.daemon().terminate();
      try (BatonFixture second = new BatonFixture(restartDir)) {
        second.startDaemon("--web", "127.0.0.1:" + port);
        assertThat(webUrl(second)).isNotEqualTo(firstUrl);

        Locator toast = page.locator(".toast[data-code='403']");
        assertThat(toast).isVisible();
        assertThat(toast.locator(".toast-hint")).containsText("open the address that baton daemon printed last");
        assertThat(page.locator("#connection")).hasText("access token refused");
      }
    }
  }

  @Test
  void pagePositionRule_matchesPlaybackPosition() throws Exception {
    page = openPage(800, 600);
    long now = 1_000_000;
    List<Map<String, Object>> cases = List.of(
        Map.of("state", "PLAY", "speed", 1.0, "elapsed", 1000L, "update", 990_000L, "duration", 0L),
        Map.of("state", "PLAY", "speed", 1.5, "elapsed", 1000L, "update", 999_001L, "duration", 0L),
        Map.of("state", "PLAY", "speed", 2.0, "elapsed", 170_000L, "update", 990_000L, "duration", 180_000L),
        Map.of("state", "PAUSE", "speed", 1.0, "elapsed", 5000L, "update", 900_000L, "duration", 180_000L),
        Map.of("state", "PLAY", "speed", 1.0, "elapsed", 5000L, "update", 0L, "duration", 180_000L),
        Map.of("state", "PLAY", "speed", 1.0, "elapsed", 5000L, "update", 1_100_000L, "duration", 0L),
        Map.of("state", "PLAY", "speed", 0.0, "elapsed", 5000L, "update", 900_000L, "duration", 0L),
        Map.of("state", "PLAY", "speed", 0.333, "elapsed", 0L, "update", 999_990L, "duration", 0L),
        Map.of("state", "STOP", "speed", 1.0, "elapsed", 400_000L, "update", 900_000L, "duration", 180_000L));

    for (Map<String, Object> c : cases) {
      // Playwright passes numbers as JavaScript numbers (doubles), as the page gets them from JSON.
      Map<String, Object> arg = Map.of("state", c.get("state"), "speed", c.get("speed"),
          "elapsed", ((Long) c.get("elapsed")).doubleValue(), "update", ((Long) c.get("update")).doubleValue(),
          "duration", ((Long) c.get("duration")).doubleValue(), "now", (double) now);
      Object js = page.evaluate("async (c) => (await import('/static/position.js')).extrapolatedPositionMs("
          + "{state: c.state, speed: c.speed, position: {elapsedTime: c.elapsed, updateTime: c.update}}, "
          + "c.duration, c.now)", arg);
      long java = AVPlaybackState.builder()
          .setState(PlaybackState.valueOf((String) c.get("state")))
          .setSpeed((Double) c.get("speed"))
          .setPosition(new PlaybackPosition((Long) c.get("elapsed"), (Long) c.get("update")))
          .build()
          .extrapolatedPositionMs(now, (Long) c.get("duration"));
      assertThat(((Number) js).longValue()).as(c.toString()).isEqualTo(java);
    }
  }

  // ---- Helpers

  /** Reads the web address a fixture's daemon printed after its ready line. */
  private static String webUrl(BatonFixture fixture) throws Exception {
    return fixture.daemon().awaitLineStartingWith("baton web ready on ", BatonFixture.START_TIMEOUT)
        .substring("baton web ready on ".length());
  }

  private BatonFixture.DemoPlayer player(String... args) throws Exception {
    BatonFixture.DemoPlayer player = baton.demoPlayer(args);
    players.add(player);
    return player;
  }

  private Page openPage(int width, int height) {
    Page opened = browser.newPage(width, height);
    opened.navigate(url);
    assertThat(opened.locator("#connection")).hasText("live");
    return opened;
  }

  private Locator card(BatonFixture.DemoPlayer player) {
    return card(player.sessionId());
  }

  private Locator card(String sessionId) {
    return page.locator("article.card[data-session-id='" + sessionId + "']");
  }

  /** An active session of {@code app} with {@code metadata} and a play handler. */
  private static AVSession session(AVSessionManager app, String tag, AVMetadata metadata) {
    AVSession session = app.createSession(tag, AVSessionType.AUDIO).join();
    session.addCommandHandler(AVControlCommandType.PLAY, command -> { });
    session.setAVMetadata(metadata).join();
    session.activate().join();
    return session;
  }

  private static byte[] png(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static int naturalWidth(Locator image) {
    return ((Number) image.evaluate("img => img.complete ? img.naturalWidth : 0")).intValue();
  }

  private static long positionShown(Locator card) {
    return Long.parseLong(card.getAttribute("data-position-ms"));
  }

  /** The next command line of {@code player} naming {@code command}, skipping others. */
  private static JsonNode awaitCommand(BatonFixture.DemoPlayer player, String command) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = player.process().nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      JsonNode json = JSON.readTree(line);
      if (json.get("command").asText().equals(command)) {
        return json;
      }
      seen.add(line);
    }
    throw new AssertionError("the player did not receive " + command + "; it received " + seen);
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
