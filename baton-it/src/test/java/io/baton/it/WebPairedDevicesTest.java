package io.baton.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionManager;
import io.baton.api.BatonDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web control center's paired devices, in a real Chromium against two real paired daemons on loopback: the
 * devices panel lists the paired device and its link, a remote session's card names its device, "Move selected
 * session here" moves a local session to the device (checked through the device's own SDK), and "Bring back here"
 * ends the move.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class WebPairedDevicesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void pairedDevicePanel_remoteCards_andMovingASessionFromThePage() throws Exception {
    try (BatonFixture a = new BatonFixture(dir.resolve("alpha"));
        BatonFixture b = new BatonFixture(dir.resolve("beta"));
        WebBrowser browser = WebBrowser.launch()) {
      a.startDaemon("--listen", "127.0.0.1:0", "--device-name", "alpha", "--no-mpris", "--web", "127.0.0.1:0");
      String url = a.daemon().awaitLineStartingWith("baton web ready on ", BatonFixture.START_TIMEOUT)
          .substring("baton web ready on ".length());
      b.startDaemon("--listen", "127.0.0.1:0", "--device-name", "beta", "--no-mpris");
      AVSessionManager sdkA = a.manager("it.web.alpha");
      AVSessionManager sdkB = b.manager("it.web.beta");
      BatonDevice beta = sdkB.getDeviceManager().getLocalDevice().get(10, TimeUnit.SECONDS);
      String code = JSON.readTree(b.cli("pair", "--allow", "--json").stdout()).get("code").asText();
      sdkA.getDeviceManager().pair(beta.address(), code).get(20, TimeUnit.SECONDS);
      BatonFixture.DemoPlayer local = a.demoPlayer("--title", "Kitchen Radio");
      BatonFixture.DemoPlayer remote = b.demoPlayer("--title", "Living Room Jazz");

      PlaywrightAssertions.setDefaultAssertionTimeout(WAIT.toMillis());
      Page page = browser.newPage(1280, 900);
      page.navigate(url);
      Locator paired = page.locator("#paired-devices li.paired-device");
      assertThat(paired).hasCount(1);
      assertThat(paired.locator(".device-name")).hasText("beta");
      assertThat(paired.locator(".device-state")).containsText("connected");
      assertThat(paired.locator(".device-address")).hasText(beta.address());
      assertThat(page.locator("#no-paired-devices")).isHidden();

      // B's session has a card that names its device, with the state B's app set after the link saw it appear.
      Locator remoteCard = page.locator("article.card[data-session-id='" + remote.sessionId() + "']");
      assertThat(remoteCard.locator(".device")).hasText("beta");
      assertThat(remoteCard.locator(".title")).hasText("Living Room Jazz");
      assertThat(remoteCard.locator(".badge.inactive")).isHidden();

      // Select the local session's card and move it to beta.
      Locator localCard = page.locator("article.card[data-session-id='" + local.sessionId() + "']");
      localCard.locator(".title").click();
      Locator moveHere = paired.locator(".move-here");
      assertThat(moveHere).isEnabled();
      moveHere.click();
      assertThat(localCard.locator(".cast-status")).hasText("Playing on beta");
      await().atMost(WAIT).until(() -> movedOnto(sdkB, local.sessionId()).isPresent());
      WebBrowser.screenshot(page, "web-paired-devices");

      // Bring it back from the card.
      Locator back = localCard.locator(".cast-stop");
      assertThat(back).hasText("Bring back here");
      back.click();
      await().atMost(WAIT).until(() -> movedOnto(sdkB, local.sessionId()).isEmpty());
      assertThat(localCard.locator(".cast-status")).isHidden();

      // A remote session cannot be moved from here: the button says why.
      remoteCard.locator(".title").click();
      assertThat(moveHere).isDisabled();
      assertThat(moveHere).hasAttribute("title", "This session lives on another device");
    }
  }

  /** The session on B that A's session {@code sessionId} was moved to (same tag, from A's app, no local process). */
  private static Optional<AVSessionDescriptor> movedOnto(AVSessionManager sdkB, String sessionId) throws Exception {
    List<AVSessionDescriptor> sessions = sdkB.getAllSessionDescriptors().get(10, TimeUnit.SECONDS);
    Optional<AVSessionDescriptor> mirror = sessions.stream().filter(d -> d.sessionId().equals(sessionId)).findFirst();
    return sessions.stream()
        .filter(d -> d.remote() && d.pid() == 0 && d.tag().equals("demo") && !d.sessionId().equals(sessionId))
        .filter(d -> mirror.isEmpty() || d.deviceId().equals(mirror.get().deviceId()))
        .findFirst();
  }
}
