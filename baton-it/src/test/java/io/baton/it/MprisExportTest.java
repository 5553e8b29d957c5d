package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.LoopMode;
import io.baton.api.PlaybackState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baton → MPRIS: real {@code playerctl}, {@code dbus-send} and {@code dbus-monitor} on a private bus drive and watch
 * a real {@code baton demo-player} session exported by the daemon's MPRIS bridge; every effect is checked on the
 * Baton side (the demo player's command log, an SDK controller, {@code baton show --json}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MprisExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private PrivateBus bus;
  private BatonFixture baton;
  private PatientSdk sdkConnections;
  private BatonFixture.DemoPlayer player;
  private String playerName;
  private AVSessionController controller;

  @BeforeEach
  void setUp() throws Exception {
    List<String> missing = PrivateBus.missingPrograms();
    assumeTrue(missing.isEmpty(), "MPRIS tests skipped: missing " + missing + " (.ci/run installs them)");
    bus = PrivateBus.start(dir.resolve("bus"));
    baton = new BatonFixture(dir).startDaemon("--mpris-bus", bus.address());
    sdkConnections = new PatientSdk(baton.socket);
    player = baton.demoPlayer("--title", "Morning Tone", "--artist", "Baton");
    playerName = "baton.baton_cli_" + player.sessionId().substring(0, 12);
    await().atMost(WAIT).until(() -> bus.players().contains(playerName));
    controller = sdkConnections.connect("it.mpris.check").createController(player.sessionId())
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (sdkConnections != null) {
      sdkConnections.close();
    }
    if (baton != null) {
      baton.close();
    }
    if (bus != null) {
      bus.close();
    }
  }

  @Test
  void list_demoSession_ownsItsDocumentedBusName() throws Exception {
    assertThat(bus.players()).contains(playerName);
    assertThat(bus.names()).contains("org.mpris.MediaPlayer2." + playerName);
    PrivateBus.Result identity = bus.run("dbus-send", "--print-reply", "--dest=org.mpris.MediaPlayer2." + playerName,
        "/org/mpris/MediaPlayer2", "org.freedesktop.DBus.Properties.Get", "string:org.mpris.MediaPlayer2",
        "string:Identity");
    assertThat(identity.stdout()).contains("baton.cli (demo)");
  }

  @Test
  void statusAndPlayPause_followAndDriveTheSession() throws Exception {
    assertThat(bus.playerctl("-p", playerName, "status").stdout()).isEqualTo("Paused");

    assertThat(bus.playerctl("-p", playerName, "play-pause").exitCode()).isZero();

    JsonNode command = JSON.readTree(player.process().nextLine(WAIT));
    assertThat(command.get("command").asText()).isEqualTo("play");
    assertThat(command.get("caller").asText()).isEqualTo("baton.mpris");
    assertThat(state().state()).isEqualTo(PlaybackState.PLAY);
    await().atMost(WAIT).until(() -> bus.playerctl("-p", playerName, "status").stdout().equals("Playing"));

    assertThat(bus.playerctl("-p", playerName, "play-pause").exitCode()).isZero();
    assertThat(JSON.readTree(player.process().nextLine(WAIT)).get("command").asText()).isEqualTo("pause");
    assertThat(state().state()).isEqualTo(PlaybackState.PAUSE);
  }

  @Test
  void position_absoluteAndRelative_seekTheSession() throws Exception {
    assertThat(bus.playerctl("-p", playerName, "position", "30").exitCode()).isZero();

    JsonNode seek = JSON.readTree(player.process().nextLine(WAIT));
    assertThat(seek.get("command").asText()).isEqualTo("seek");
    assertThat(seek.get("parameter").asLong()).isEqualTo(30_000);
    assertThat(state().position().elapsedTimeMs()).isEqualTo(30_000);

    // Paused, so "5 s forward" is exactly 35 s.
    assertThat(bus.playerctl("-p", playerName, "position", "5+").exitCode()).isZero();
    assertThat(JSON.readTree(player.process().nextLine(WAIT)).get("parameter").asLong()).isEqualTo(35_000);
    assertThat(state().position().elapsedTimeMs()).isEqualTo(35_000);
    assertThat(Double.parseDouble(bus.playerctl("-p", playerName, "position").stdout())).isEqualTo(35.0);
  }

  @Test
  void position_whilePlaying_matchesBatonsExtrapolation() throws Exception {
    bus.playerctl("-p", playerName, "play");
    player.process().nextLine(WAIT);
    controller.getAVPlaybackState().get(10, TimeUnit.SECONDS);

    double mprisSeconds = Double.parseDouble(bus.playerctl("-p", playerName, "position").stdout());
    long batonMs = controller.getRealPlaybackPosition();

    // Both extrapolate the same playback state; the two reads are one playerctl run (a few ms) apart.
    assertThat(mprisSeconds * 1000).isCloseTo(batonMs, within(250.0));
  }

  @Test
  void metadata_showsTheSessionsMetadata() throws Exception {
    PrivateBus.Result metadata = bus.playerctl("-p", playerName, "metadata", "--format",
        "{{xesam:title}}|{{xesam:artist}}|{{mpris:length}}|{{mpris:trackid}}");

    AVMetadata baton = controller.getAVMetadata().get(10, TimeUnit.SECONDS);
    assertThat(metadata.stdout()).isEqualTo(baton.title() + "|" + baton.artist() + "|" + baton.durationMs() * 1000
        + "|'/io/baton/track/demo_2d1'");
    assertThat(baton.title()).isEqualTo("Morning Tone");
  }

  @Test
  void loopAndShuffle_setTheSessionsLoopMode() throws Exception {
    assertThat(bus.playerctl("-p", playerName, "loop").stdout()).isEqualTo("None");

    assertThat(bus.playerctl("-p", playerName, "loop", "Track").exitCode()).isZero();

    JsonNode command = JSON.readTree(player.process().nextLine(WAIT));
    assertThat(command.get("command").asText()).isEqualTo("setLoopMode");
    assertThat(command.get("parameter").asText()).isEqualTo("SINGLE");
    assertThat(state().loopMode()).isEqualTo(LoopMode.SINGLE);
    await().atMost(WAIT).until(() -> bus.playerctl("-p", playerName, "loop").stdout().equals("Track"));

    assertThat(bus.playerctl("-p", playerName, "shuffle", "On").exitCode()).isZero();
    assertThat(JSON.readTree(player.process().nextLine(WAIT)).get("parameter").asText()).isEqualTo("SHUFFLE");
    BatonFixture.CliResult show = baton.cli("show", player.sessionId(), "--json");
    assertThat(JSON.readTree(show.stdout()).get("playbackState").get("loopMode").asText()).isEqualTo("SHUFFLE");
  }

  @Test
  void volume_readsTheSessionsVolumeAndSetsItThroughSetVolume() throws Exception {
    // The demo player has no volume: an SDK app that handles the bridge's setVolume common command.
    AVSessionManager app = sdkConnections.connect("it.volume.app");
    AVSession session = app.createSession("volume", AVSessionType.AUDIO).get(10, TimeUnit.SECONDS);
    List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    session.addCallback(new AVSession.Callback() {
      @Override
      public void onCommonCommand(String command, Map<String, Object> args) {
        if (command.equals("setVolume")) {
          requests.add(args);
          int volume = ((Number) args.get("volume")).intValue();
          session.setAVPlaybackState(AVPlaybackState.builder().setVolume(volume).build());
        }
      }
    });
    session.setAVMetadata(AVMetadata.builder().setAssetId("v1").setTitle("Loud").build()).get(10, TimeUnit.SECONDS);
    session.setAVPlaybackState(AVPlaybackState.builder().setVolume(30).setMaxVolume(100).build())
        .get(10, TimeUnit.SECONDS);
    session.activate().get(10, TimeUnit.SECONDS);
    String name = "baton.it_volume_app_" + session.getSessionId().substring(0, 12);
    await().atMost(WAIT).until(() -> bus.players().contains(name));

    assertThat(bus.playerctl("-p", name, "volume").stdout()).isEqualTo("0.300000");

    assertThat(bus.playerctl("-p", name, "volume", "0.5").exitCode()).isZero();

    assertThat(requests).containsExactly(Map.of("volume", 50.0));
    AVSessionController check = sdkConnections.connect("it.volume.check").createController(session.getSessionId())
        .get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> check.getAVPlaybackState().get(10, TimeUnit.SECONDS).volume() == 50);
    await().atMost(WAIT).until(() -> bus.playerctl("-p", name, "volume").stdout().equals("0.500000"));
  }

  @Test
  void refusedCommand_inactiveSession_answersADBusErrorCarryingTheCode() throws Exception {
    BatonFixture.DemoPlayer inactive = baton.demoPlayer("--inactive");
    String name = "org.mpris.MediaPlayer2.baton.baton_cli_" + inactive.sessionId().substring(0, 12);
    await().atMost(WAIT).until(() -> bus.names().contains(name));

    PrivateBus.Result play = bus.run("dbus-send", "--print-reply", "--dest=" + name, "/org/mpris/MediaPlayer2",
        "org.mpris.MediaPlayer2.Player.Play");

    assertThat(play.exitCode()).isNotZero();
    assertThat(play.stderr()).contains("Error io.baton.mpris.AVSessionError.Code6600106: "
        + "6600106: The session is not activated.");
    assertThat(inactive.process().drainLines()).as("the app received no command").isEmpty();
    PrivateBus.Result canPlay = bus.run("dbus-send", "--print-reply", "--dest=" + name, "/org/mpris/MediaPlayer2",
        "org.freedesktop.DBus.Properties.Get", "string:org.mpris.MediaPlayer2.Player", "string:CanPlay");
    assertThat(canPlay.stdout()).contains("boolean false");
  }

  @Test
  void openUri_sessionThatPlaysAssets_playsTheUri() throws Exception {
    BatonFixture.DemoPlayer assets = baton.demoPlayer("--commands", "play,pause,playWithAssetId");
    String name = "baton.baton_cli_" + assets.sessionId().substring(0, 12);
    await().atMost(WAIT).until(() -> bus.players().contains(name));

    assertThat(bus.playerctl("-p", name, "open", "https://example.com/song.ogg").exitCode()).isZero();

    JsonNode command = JSON.readTree(assets.process().nextLine(WAIT));
    assertThat(command.get("command").asText()).isEqualTo("playWithAssetId");
    assertThat(command.get("parameter").asText()).isEqualTo("https://example.com/song.ogg");
    AVMetadata metadata = sdkConnections.connect("it.mpris.assets").createController(assets.sessionId())
        .get(10, TimeUnit.SECONDS).getAVMetadata().get(10, TimeUnit.SECONDS);
    assertThat(metadata.assetId()).isEqualTo("https://example.com/song.ogg");
  }

  @Test
  void signals_propertiesChangedOnChanges_seekedOnlyOnJumps() throws Exception {
    Path log = dir.resolve("bus/monitor.out");
    Process monitor = bus.spawn("monitor", List.of("dbus-monitor", "--address", bus.address(),
        "type='signal',interface='org.mpris.MediaPlayer2.Player',member='Seeked'",
        "type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged'"));
    try {
      // dbus-monitor announces itself with NameLost once it is a monitor.
      await().atMost(WAIT).until(() -> Files.readString(log).contains("member=NameLost"));

      baton.cli("send", player.sessionId(), "play");
      await().atMost(WAIT).until(() -> Files.readString(log).contains("string \"Playing\""));
      baton.cli("send", player.sessionId(), "pause");
      await().atMost(WAIT).until(() -> Files.readString(log).contains("string \"Paused\""));
      assertThat(Files.readString(log)).as("play and pause at the expected position are no jumps")
          .doesNotContain("member=Seeked");

      baton.cli("send", player.sessionId(), "seek", "60000");

      await().atMost(WAIT).until(() -> Files.readString(log).contains("member=Seeked"));
      assertThat(Files.readString(log)).contains("int64 60000000");
    } finally {
      monitor.destroy();
      monitor.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void sessionDestroyed_busNameDisappears() throws Exception {
    player.process().terminate();

    await().atMost(WAIT).until(() -> !bus.players().contains(playerName));
    assertThat(bus.names()).doesNotContain("org.mpris.MediaPlayer2." + playerName);
  }

  private AVPlaybackState state() throws Exception {
    return controller.getAVPlaybackState().get(10, TimeUnit.SECONDS);
  }
}
