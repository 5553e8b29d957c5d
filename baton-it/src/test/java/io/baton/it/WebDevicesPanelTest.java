package io.baton.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.baton.api.AVCastController;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMediaDescription;
import io.baton.api.AVMetadata;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.OutputDeviceInfo;
import io.baton.api.PlaybackState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web control center's devices panel and "cast to", in a real Chromium (Playwright) against a real daemon with
 * casting on and real gmediarender renderers. The daemon, its web page, the media server and the browser run in the
 * daemon's network namespace of a {@link CastNetwork} (the page listens on that namespace's loopback, so Chromium is
 * started there too, through {@code ip netns exec}); the renderers in the other. What the renderer does is checked
 * through an independent path: the SDK's cast controller, and the renderer's own UPnP answers ({@code
 * GetTransportInfo} with curl). The renderer is killed by the last cast test. A second daemon without {@code --cast}
 * (outside any namespace) shows what the panel says when casting is off. Screenshots go to
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
final class WebDevicesPanelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String RENDERER_ID = "uuid:" + CastNetwork.RENDERER_UUID;
  private static final Path JAVA = Paths.get(System.getProperty("java.home"), "bin", "java");

  private Path dir;
  /** Null when this machine cannot make network namespaces (then the cast tests skip, saying why). */
  private CastNetwork network;
  private String skipReason;
  private final List<CastNetwork.Proc> processes = new ArrayList<>();
  private Path socket;
  private String url;
  private Map<String, String> media;
  private Playwright playwright;
  private Browser browser;
  private AVSessionManager sdk;
  private BatonFixture.DemoPlayer player;
  private final List<AutoCloseable> perTest = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    skipReason = CastNetwork.missingPrerequisite();
    if (skipReason != null) {
      System.err.println("WebDevicesPanelTest: the cast tests are SKIPPED: " + skipReason);
      return;
    }
    network = new CastNetwork(dir);
    media = network.startMediaServer(network.tone("tone30.wav", 30));
    CastNetwork.Proc daemon = startInNamespace(List.of(JAVA.toString(), "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.baton.cli.BatonCli", "daemon",
        "--socket", dir.resolve("run/baton.sock").toString(), "--state-dir", dir.resolve("state").toString(),
        "--cast", "--web", "127.0.0.1:0"));
    String ready = daemon.awaitLine("baton daemon ready on ", CastNetwork.TIMEOUT);
    socket = Paths.get(ready.substring("baton daemon ready on ".length()));
    url = daemon.awaitLine("baton web ready on ", CastNetwork.TIMEOUT).substring("baton web ready on ".length());
    // Chromium in the daemon's namespace, where the page's loopback address is; Playwright talks to it over pipes.
    Path chromium = dir.resolve("chromium-in-namespace");
    Files.writeString(chromium, "#!/bin/sh\nexec ip netns exec " + network.daemonNs + " " + WebBrowser.CHROMIUM
        + " \"$@\"\n");
    Files.setPosixFilePermissions(chromium, PosixFilePermissions.fromString("rwx------"));
    playwright = Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(
        new BrowserType.LaunchOptions().setExecutablePath(chromium).setHeadless(true));
    PlaywrightAssertions.setDefaultAssertionTimeout(WAIT.toMillis());
    sdk = AVSessionManager.builder().socket(socket).appId("it.webcast.check").retryTimeout(Duration.ofSeconds(20))
        .connect();
    JavaProcess demo = JavaProcess.baton(List.of("demo-player", "--socket", socket.toString(), "--title",
        "Cast Tone", "--artist", "The Testers", "--duration", "30000"));
    player = new BatonFixture.DemoPlayer(demo, demo.nextLine(BatonFixture.START_TIMEOUT));
  }

  @AfterEach
  void closePages() {
    for (int i = perTest.size() - 1; i >= 0; i--) {
      try {
        perTest.get(i).close();
      } catch (Exception e) {
        // Every resource gets its chance to close.
      }
    }
    perTest.clear();
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {browser, playwright, sdk, player == null ? null : player.process()}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // Every resource gets its chance to close.
      }
    }
    for (CastNetwork.Proc p : processes) {
      p.stop();
    }
    if (network != null) {
      network.close();
    }
  }

  private void requireNetwork() {
    Assumptions.assumeTrue(network != null, () -> "DLNA web tests skipped: " + skipReason);
  }

  @Test
  @Order(1)
  void devicesPanel_listsRenderers_live_withAnEmptyPairedSection() throws Exception {
    requireNetwork();
    Page page = openPage();
    Locator renderer = page.locator("#cast-renderers li[data-device-id='" + RENDERER_ID + "']");

    assertThat(renderer).isVisible();
    assertThat(renderer.locator(".renderer-name")).hasText(CastNetwork.RENDERER_NAME);
    assertThat(renderer.locator(".renderer-model")).containsText("gmediarender");
    assertThat(renderer.locator(".renderer-address")).hasText(network.rendererDescriptionUrl());
    assertThat(renderer.locator(".renderer-state")).hasText("available");
    assertThat(page.locator("#cast-off")).isHidden();
    assertThat(page.locator("#paired-devices li")).hasCount(0);
    assertThat(page.locator("#no-paired-devices")).isVisible();

    // A renderer that comes and goes while the page is open: it appears and disappears without a reload.
    CastNetwork.Proc second = startSecondRenderer();
    Locator secondItem = page.locator("#cast-renderers li[data-device-id='uuid:" + SECOND_UUID + "']");
    assertThat(secondItem).isVisible();
    assertThat(secondItem.locator(".renderer-name")).hasText(SECOND_NAME);
    Locator castOpen = card(page).locator(".cast-open");
    assertThat(castOpen).isEnabled();
    castOpen.click();
    assertThat(card(page).locator(".cast-device option")).hasCount(2);
    WebBrowser.screenshot(page, "devices-panel");

    second.stop(); // SIGTERM: the renderer says goodbye (SSDP byebye).

    assertThat(secondItem).hasCount(0);
    assertThat(card(page).locator(".cast-device option")).hasCount(1);
    JsonNode devices = apiJson(page, "/api/devices");
    assertThat(devices.get("casting").get("state").asText()).isEqualTo("on");
    assertThat(devices.get("pairedDevices").size()).isZero();
    assertThat(devices.get("castRenderers").findValuesAsText("deviceId")).containsExactly(RENDERER_ID);
  }

  @Test
  @Order(2)
  void castTo_onTheDemoPlayersCard_playsOnTheRenderer_andStopCastingStopsIt() throws Exception {
    requireNetwork();
    Page page = openPage();
    Locator card = card(page);
    String tone = media.get("tone30.wav");

    castTo(card, tone);

    assertThat(card.locator(".cast-status")).hasText("Casting to " + CastNetwork.RENDERER_NAME);
    assertThat(card.locator(".cast-stop")).isVisible();
    Locator renderer = page.locator("#cast-renderers li[data-device-id='" + RENDERER_ID + "']");
    assertThat(renderer.locator(".renderer-state")).hasText("casting “Cast Tone”");
    // Independently: the renderer itself says it plays, and the SDK's cast controller sees it play our media.
    await().atMost(WAIT).until(() -> rendererTransportState().equals("PLAYING"));
    AVCastController controller = join(sdk.getCastManager().getAVCastController(player.sessionId()));
    await().atMost(WAIT).until(() -> join(controller.getAVPlaybackState()).state() == PlaybackState.PLAY
        && join(controller.getAVPlaybackState()).position().elapsedTimeMs() >= 1000);
    Optional<AVQueueItem> item = join(controller.getCurrentItem());
    assertThat(item).get().satisfies(i -> {
      assertThat(i.description().mediaUri()).isEqualTo(tone);
      assertThat(i.description().title()).isEqualTo("Cast Tone");
      assertThat(i.description().artist()).isEqualTo("The Testers");
    });
    AVSessionController session = join(sdk.createController(player.sessionId()));
    assertThat(join(session.getOutputDevice()).devices().get(0).deviceId()).isEqualTo(RENDERER_ID);
    WebBrowser.screenshot(page, "devices-casting");

    card.locator(".cast-stop").click();

    assertThat(card.locator(".cast-status")).isHidden();
    assertThat(card.locator(".cast-stop")).isHidden();
    assertThat(renderer.locator(".renderer-state")).hasText("available");
    await().atMost(WAIT).until(() -> join(session.getOutputDevice()).equals(OutputDeviceInfo.LOCAL));
    assertThat(codeOf(sdk.getCastManager().getAVCastController(player.sessionId()))).isEqualTo(6600109);
    await().atMost(WAIT).until(() -> !rendererTransportState().equals("PLAYING"));
  }

  @Test
  @Order(3)
  void castTo_withoutUrl_castsTheSessionsOwnMedia_itsQueueItemForTheAssetItPlays() throws Exception {
    requireNetwork();
    AVSession app = join(sdk.createSession("queue", AVSessionType.AUDIO));
    try {
      app.addCommandHandler(AVControlCommandType.PLAY, command -> { });
      join(app.setAVMetadata(AVMetadata.builder().setAssetId("q2").setTitle("Queue Tone").setArtist("Queue")
          .setDurationMs(30_000L).build()));
      join(app.setAVQueueItems(List.of(
          new AVQueueItem(1, AVMediaDescription.builder().setAssetId("q1").setTitle("Other")
              .setMediaUri("http://" + network.daemonAddress + ":9/other.wav").build()),
          new AVQueueItem(2, AVMediaDescription.builder().setAssetId("q2").setTitle("Queue Tone")
              .setMediaUri(media.get("tone30.wav")).build()))));
      join(app.activate());
      Page page = openPage();
      Locator card = page.locator("article.card[data-session-id='" + app.getSessionId() + "']");
      assertThat(card).isVisible();

      castTo(card, "");

      assertThat(card.locator(".cast-status")).hasText("Casting to " + CastNetwork.RENDERER_NAME);
      await().atMost(WAIT).until(() -> rendererTransportState().equals("PLAYING"));
      AVCastController controller = join(sdk.getCastManager().getAVCastController(app.getSessionId()));
      assertThat(join(controller.getCurrentItem())).get().satisfies(i -> {
        assertThat(i.description().mediaUri()).isEqualTo(media.get("tone30.wav"));
        assertThat(i.description().title()).isEqualTo("Queue Tone");
      });
      card.locator(".cast-stop").click();
      assertThat(card.locator(".cast-status")).isHidden();
      await().atMost(WAIT).until(() -> !rendererTransportState().equals("PLAYING"));
    } finally {
      join(app.destroy());
    }
  }

  @Test
  @Order(4)
  void castTo_badMediaOrBadParameters_showErrorToasts_andNothingStaysCast() throws Exception {
    requireNetwork();
    Page page = openPage();
    Locator card = card(page);
    String missing = media.get("tone30.wav").replaceAll("/media/[0-9a-f]+/", "/media/0000/");

    castTo(card, missing);

    Locator toast = page.locator(".toast[data-code='6612005']");
    assertThat(toast).isVisible();
    assertThat(toast.locator(".toast-message")).hasText("The file does not exist.");
    assertThat(toast.locator(".toast-hint")).hasText("The media's server has nothing at that URL: check the "
        + "address.");
    // The cast that could not load its media was ended again: the card does not claim a cast.
    assertThat(card.locator(".cast-status")).isHidden();
    assertThat(codeOf(sdk.getCastManager().getAVCastController(player.sessionId()))).isEqualTo(6600109);

    card.locator(".cast-url").fill("ftp://" + network.daemonAddress + "/tone.wav");
    card.locator(".cast-submit").click();
    assertThat(page.locator(".toast[data-code='401'] .toast-detail"))
        .containsText("mediaUrl: must be an http:// or https:// URL");
    // The session's own media: the demo player publishes no media URI, so the page says to give one.
    card.locator(".cast-url").fill("");
    card.locator(".cast-submit").click();
    assertThat(page.locator(".toast[data-code='401'] .toast-detail").last())
        .containsText("does not say where its media is");

    JsonNode badSession = post(page, "/api/sessions/not-a-session/cast", "{\"deviceId\":\"" + RENDERER_ID + "\"}");
    JsonNode badDevice = post(page, "/api/sessions/" + player.sessionId() + "/cast", "{\"deviceId\":\"a b\"}");
    JsonNode unknownDevice = post(page, "/api/sessions/" + player.sessionId() + "/cast",
        "{\"deviceId\":\"uuid:0000\",\"mediaUrl\":\"" + media.get("tone30.wav") + "\"}");
    JsonNode unknownSession = post(page, "/api/sessions/" + "0".repeat(64) + "/cast",
        "{\"deviceId\":\"" + RENDERER_ID + "\",\"mediaUrl\":\"" + media.get("tone30.wav") + "\"}");
    assertThat(badSession.get("status").asInt()).isEqualTo(400);
    assertThat(badSession.at("/body/error/code").asInt()).isEqualTo(401);
    assertThat(badSession.at("/body/error/detail").asText()).startsWith("sessionId: ");
    assertThat(badDevice.at("/body/error/code").asInt()).isEqualTo(401);
    assertThat(badDevice.at("/body/error/detail").asText()).startsWith("deviceId: ");
    assertThat(unknownDevice.at("/body/error/code").asInt()).isEqualTo(6600108);
    assertThat(unknownSession.at("/body/error/code").asInt()).isEqualTo(6600102);
    WebBrowser.screenshot(page, "devices-cast-errors");
  }

  @Test
  @Order(5)
  void castTo_aRendererKilledBeforehand_showsDeviceConnectionFailed() throws Exception {
    requireNetwork();
    Page page = openPage();
    Locator card = card(page);
    card.locator(".cast-open").click();
    card.locator(".cast-device").selectOption(RENDERER_ID);

    network.killRenderer(); // kill -9: no goodbye; the daemon still lists it until it learns otherwise.
    card.locator(".cast-url").fill(media.get("tone30.wav"));
    card.locator(".cast-submit").click();

    Locator toast = page.locator(".toast[data-code='6600108']");
    assertThat(toast).isVisible();
    assertThat(toast.locator(".toast-message")).hasText("Device connection failed.");
    assertThat(toast.locator(".toast-hint")).containsText("cast renderer is on and reachable");
    assertThat(toast.locator(".toast-detail")).containsText(RENDERER_ID);
    assertThat(card.locator(".cast-status")).isHidden();
    assertThat(codeOf(sdk.getCastManager().getAVCastController(player.sessionId()))).isEqualTo(6600109);
    // The daemon now knows the renderer is gone: the panel drops it, live, and there is nothing left to cast to.
    assertThat(page.locator("#cast-renderers li")).hasCount(0);
    assertThat(page.locator("#no-cast-renderers")).isVisible();
    assertThat(card.locator(".cast-open")).isDisabled();
    WebBrowser.screenshot(page, "devices-renderer-gone");
  }

  @Test
  @Order(6)
  void castingOff_thePanelSaysSoAndHowToTurnItOn() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(WebBrowser.CHROMIUM), "chromium is not installed");
    try (BatonFixture plain = new BatonFixture(dir.resolve("plain")).startDaemon("--web", "127.0.0.1:0");
        WebBrowser chromium = WebBrowser.launch()) {
      String plainUrl = plain.daemon().awaitLineStartingWith("baton web ready on ", BatonFixture.START_TIMEOUT)
          .substring("baton web ready on ".length());
      BatonFixture.DemoPlayer demo = plain.demoPlayer("--title", "Local Tone");
      Page page = chromium.newPage(1280, 800);
      page.navigate(plainUrl);
      assertThat(page.locator("#connection")).hasText("live");

      assertThat(page.locator("#cast-off")).isVisible();
      assertThat(page.locator("#cast-off")).containsText("baton daemon --cast");
      assertThat(page.locator("#cast-unknown")).isHidden();
      assertThat(page.locator("#cast-renderers li")).hasCount(0);
      Locator card = page.locator("article.card[data-session-id='" + demo.sessionId() + "']");
      assertThat(card).isVisible();
      assertThat(card.locator(".cast-open")).isHidden();
      JsonNode devices = apiJson(page, "/api/devices");
      assertThat(devices.at("/casting/state").asText()).isEqualTo("off");
      assertThat(devices.at("/casting/error/code").asInt()).isEqualTo(6600101);
      assertThat(devices.at("/casting/error/detail").asText()).contains("--cast");
      WebBrowser.screenshot(page, "devices-casting-off");
    }
  }

  // ---- Helpers

  private static final String SECOND_UUID = "b47057a1-9999-3333-4444-555555555555";
  private static final String SECOND_NAME = "baton-it-second-renderer";

  /** A second gmediarender on the renderer side, on another port; stopped by the test or at the end. */
  private CastNetwork.Proc startSecondRenderer() throws Exception {
    // CastNetwork names the renderer side's interface bvr<tag> for its namespace baton-r<tag>.
    String iface = "bvr" + network.rendererNs.substring("baton-r".length());
    return startIn(network.rendererNs, List.of("gmediarender", "-I", iface, "-p", "49496", "-f", SECOND_NAME,
        "-u", SECOND_UUID, "--gstout-audiopipe", "audioconvert ! fakesink sync=true",
        "--logfile", dir.resolve("second-renderer.log").toString()));
  }

  private CastNetwork.Proc startInNamespace(List<String> command) throws Exception {
    return startIn(network.daemonNs, command);
  }

  private CastNetwork.Proc startIn(String namespace, List<String> command) throws Exception {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    all.addAll(command);
    CastNetwork.Proc p = new CastNetwork.Proc(new ProcessBuilder(all).start());
    processes.add(p);
    return p;
  }

  private Page openPage() {
    Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)).newPage();
    page.setDefaultTimeout(WAIT.toMillis());
    perTest.add(page.context());
    page.navigate(url);
    assertThat(page.locator("#connection")).hasText("live");
    assertThat(card(page)).isVisible();
    return page;
  }

  private Locator card(Page page) {
    return page.locator("article.card[data-session-id='" + player.sessionId() + "']");
  }

  /** Opens the card's cast form, picks the test renderer and casts {@code mediaUrl} to it. */
  private static void castTo(Locator card, String mediaUrl) {
    Locator form = card.locator(".cast-form");
    if (!form.isVisible()) {
      card.locator(".cast-open").click();
    }
    card.locator(".cast-device").selectOption(RENDERER_ID);
    card.locator(".cast-url").fill(mediaUrl);
    card.locator(".cast-submit").click();
  }

  /** A GET of the page's API from inside the page (the browser holds the token's cookie). */
  private static JsonNode apiJson(Page page, String path) throws Exception {
    Object text = page.evaluate("async (p) => (await fetch(p)).text()", path);
    return JSON.readTree((String) text);
  }

  /** A POST from inside the page: {@code {status, body}}. */
  private static JsonNode post(Page page, String path, String body) throws Exception {
    Object result = page.evaluate("async ([p, b]) => { const r = await fetch(p, {method: 'POST', "
        + "headers: {'Content-Type': 'application/json'}, body: b}); "
        + "return JSON.stringify({status: r.status, body: await r.json()}); }", List.of(path, body));
    return JSON.readTree((String) result);
  }

  /** The renderer's own word on what it does: AVTransport GetTransportInfo's CurrentTransportState, by curl. */
  private String rendererTransportState() throws Exception {
    String envelope = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
        + "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:GetTransportInfo "
        + "xmlns:u=\"urn:schemas-upnp-org:service:AVTransport:1\"><InstanceID>0</InstanceID></u:GetTransportInfo>"
        + "</s:Body></s:Envelope>";
    Process curl = new ProcessBuilder("ip", "netns", "exec", network.daemonNs, "curl", "-s", "-m", "3",
        "-H", "Content-Type: text/xml; charset=\"utf-8\"",
        "-H", "SOAPACTION: \"urn:schemas-upnp-org:service:AVTransport:1#GetTransportInfo\"",
        "--data-binary", envelope,
        "http://" + network.rendererAddress + ":" + CastNetwork.RENDERER_PORT + "/upnp/control/rendertransport1")
        .redirectErrorStream(true).start();
    String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!curl.waitFor(10, TimeUnit.SECONDS)) {
      curl.destroyForcibly();
    }
    Matcher m = Pattern.compile("<CurrentTransportState>([A-Z_]+)</CurrentTransportState>").matcher(answer);
    return m.find() ? m.group(1) : "no answer: " + answer;
  }

  private static <T> T join(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private static int codeOf(CompletableFuture<?> f) {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      return AVSessionException.fromThrowable(e).code();
    }
    throw new AssertionError("expected a failure");
  }
}
