package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionManager;
import io.baton.api.EventFilter;
import io.baton.api.PlaybackState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MPRIS → Baton: a real mpv with mpv-mpris playing a generated tone on a private bus is imported by the daemon's
 * MPRIS bridge; Baton commands change mpv, checked through mpv's own IPC socket.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MprisImportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private PrivateBus bus;
  private BatonFixture baton;
  private PatientSdk sdkConnections;
  private MpvPlayer mpv;
  private AVSessionManager sdk;
  private String sessionId;

  @BeforeEach
  void setUp() throws Exception {
    List<String> missing = PrivateBus.missingPrograms();
    assumeTrue(missing.isEmpty(), "MPRIS tests skipped: missing " + missing + " (.ci/run installs them)");
    bus = PrivateBus.start(dir.resolve("bus"));
    baton = new BatonFixture(dir).startDaemon("--mpris-bus", bus.address());
    sdkConnections = new PatientSdk(baton.socket);
    mpv = MpvPlayer.start(bus, dir.resolve("bus"), "mpv", MpvPlayer.tone(dir));
    sdk = sdkConnections.connect("it.mpris.import");
    await().atMost(WAIT).until(() -> importedMpv().isPresent());
    sessionId = importedMpv().orElseThrow().sessionId();
    await().atMost(WAIT).until(mpv::ipcReady);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (sdkConnections != null) {
      sdkConnections.close();
    }
    if (mpv != null) {
      mpv.close();
    }
    if (baton != null) {
      baton.close();
    }
    if (bus != null) {
      bus.close();
    }
  }

  @Test
  void ls_showsMpvAsAnActiveAudioSession() throws Exception {
    BatonFixture.CliResult ls = baton.cli("ls", "--json");

    assertThat(ls.exitCode()).as(ls.stderr()).isZero();
    JsonNode session = find(JSON.readTree(ls.stdout()), "mpris.mpv");
    assertThat(session.get("tag").asText()).isEqualTo("mpv");
    assertThat(session.get("type").asText()).isEqualTo("audio");
    assertThat(session.get("active").asBoolean()).isTrue();
    assertThat(session.get("title").asText()).isEqualTo("tone.wav");
    JsonNode show = JSON.readTree(baton.cli("show", sessionId, "--json").stdout());
    assertThat(show.get("validCommands").toString())
        .contains("\"play\"", "\"pause\"", "\"stop\"", "\"seek\"", "\"setSpeed\"", "\"setLoopMode\"");
    assertThat(show.get("metadata").get("durationMs").asLong()).isBetween(59_900L, 60_100L);
    assertThat(show.get("playbackState").get("state").asText()).isEqualTo("PLAY");
  }

  @Test
  void send_pausePlaySeek_changeMpv() throws Exception {
    assertThat(baton.cli("send", sessionId, "pause").exitCode()).isZero();
    assertThat(mpv.paused()).isTrue();

    assertThat(baton.cli("send", sessionId, "play").exitCode()).isZero();
    assertThat(mpv.paused()).isFalse();

    assertThat(baton.cli("send", sessionId, "seek", "30000").exitCode()).isZero();
    assertThat(mpv.positionMs()).isBetween(30_000L, 33_000L);
  }

  @Test
  void position_batonAndMpvAgreeWithin250msOver10sOfPlayback() throws Exception {
    AVSessionController controller = sdk.createController(sessionId).get(10, TimeUnit.SECONDS);
    controller.setPlaybackStateFilter(EventFilter.ALL).get(10, TimeUnit.SECONDS);
    // A seek first, so that the measurement also covers a position that came from a Seeked signal.
    assertThat(baton.cli("send", sessionId, "seek", "5000").exitCode()).isZero();
    await().atMost(WAIT).until(() -> controller.getAVPlaybackState().get(10, TimeUnit.SECONDS).state()
        == PlaybackState.PLAY && !mpv.paused());

    long worst = 0;
    long sum = 0;
    int samples = 0;
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      // Baton's position is read just before and just after mpv's, so mpv's lies between them in time.
      long before = controller.getRealPlaybackPosition();
      long mpvMs = mpv.positionMs();
      long after = controller.getRealPlaybackPosition();
      long difference = Math.abs(mpvMs - (before + after) / 2);
      worst = Math.max(worst, difference);
      sum += difference;
      samples++;
      Thread.sleep(500); // The sampling cadence, not a synchronisation.
    }

    System.out.printf("MPRIS import position: %d samples over 10 s, mean |Baton - mpv| %d ms, worst %d ms%n",
        samples, sum / samples, worst);
    assertThat(samples).isGreaterThanOrEqualTo(10);
    assertThat(worst).isLessThanOrEqualTo(250);
  }

  @Test
  void mpvStateChanges_areFollowedByTheSession() throws Exception {
    AVSessionController controller = sdk.createController(sessionId).get(10, TimeUnit.SECONDS);

    mpv.command("set_property", "pause", true);

    await().atMost(WAIT).until(() -> state(controller).state() == PlaybackState.PAUSE);

    mpv.command("seek", 42, "absolute");

    await().atMost(WAIT).until(() -> Math.abs(state(controller).position().elapsedTimeMs() - 42_000) < 500);
    assertThat(controller.getRealPlaybackPosition()).isBetween(41_500L, 42_500L);
  }

  @Test
  void setVolumeCommonCommand_setsMpvsVolume() throws Exception {
    AVSessionController controller = sdk.createController(sessionId).get(10, TimeUnit.SECONDS);

    controller.sendCommonCommand("setVolume", Map.of("volume", 40)).get(10, TimeUnit.SECONDS);

    assertThat(mpv.property("volume").asDouble()).isEqualTo(40.0);
    await().atMost(WAIT).until(() -> state(controller).volume() == 40);
  }

  @Test
  void mpvQuits_sessionIsDestroyed() throws Exception {
    mpv.quit();

    await().atMost(WAIT).until(() -> importedMpv().isEmpty());
    BatonFixture.CliResult ls = baton.cli("ls", "--json");
    assertThat(ls.stdout()).doesNotContain("mpris.mpv");
  }

  private Optional<AVSessionDescriptor> importedMpv() throws Exception {
    return sdk.getAllSessionDescriptors().get(10, TimeUnit.SECONDS).stream()
        .filter(d -> d.appId().equals("mpris.mpv")).findFirst();
  }

  private static AVPlaybackState state(AVSessionController controller) throws Exception {
    return controller.getAVPlaybackState().get(10, TimeUnit.SECONDS);
  }

  private static JsonNode find(JsonNode sessions, String appId) {
    for (JsonNode s : sessions) {
      if (s.get("appId").asText().equals(appId)) {
        return s;
      }
    }
    throw new AssertionError("no session of " + appId + " in " + sessions);
  }
}
