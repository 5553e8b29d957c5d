package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.baton.api.AVCastControlCommand;
import io.baton.api.AVCastController;
import io.baton.api.AVCastManager;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMediaDescription;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.CastDevice;
import io.baton.api.ConnectionState;
import io.baton.api.EventFilter;
import io.baton.api.LoopMode;
import io.baton.api.OutputDeviceInfo;
import io.baton.api.PlaybackState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * DLNA casting against a real renderer: Debian's gmediarender in a network namespace, a real Baton daemon (with
 * {@code --cast}) in a second one, the SDK and the CLI in this JVM and its children over the daemon's Unix socket.
 * The renderer is killed by the last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
final class DlnaCastTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private Path dir;
  private CastNetwork network;
  private Path socket;
  private Map<String, String> media;
  private Path toneFile;
  private AVSessionManager app;
  private AVSessionManager caster;
  private AVSession session;
  private final List<String> appDeviceChanges = new CopyOnWriteArrayList<>();

  @BeforeAll
  void startNetwork(@TempDir Path tempDir) throws Exception {
    dir = tempDir;
    String missing = CastNetwork.missingPrerequisite();
    Assumptions.assumeTrue(missing == null, () -> "DLNA cast tests skipped: " + missing);
    network = new CastNetwork(dir);
    toneFile = network.tone("tone30.wav", 30);
    Path shortTone = network.tone("tone4.wav", 4);
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "not audio\n");
    Path noise = dir.resolve("noise.mp3");
    byte[] bytes = new byte[64 * 1024];
    ThreadLocalRandom.current().nextBytes(bytes);
    Files.write(noise, bytes);
    media = network.startMediaServer(toneFile, shortTone, text, noise);
    socket = network.startDaemon("main", "--cast-stall-timeout", "3000", "--cast-control-timeout", "4000");
    // Generous retry windows: the daemon runs in a namespace on a possibly busy machine.
    app = AVSessionManager.builder().socket(socket).appId("it.cast.app").retryTimeout(Duration.ofSeconds(20))
        .connect();
    caster = AVSessionManager.builder().socket(socket).appId("it.cast.controller")
        .retryTimeout(Duration.ofSeconds(20)).connect();
    session = app.createSession("cast", AVSessionType.AUDIO).get(10, TimeUnit.SECONDS);
    session.addCommandHandler(AVControlCommandType.PLAY, c -> { });
    session.addCallback(new AVSession.Callback() {
      @Override
      public void onOutputDeviceChange(ConnectionState state, OutputDeviceInfo device) {
        appDeviceChanges.add(state + " " + device.devices().get(0).deviceId());
      }
    });
    session.activate().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void endCast() throws Exception {
    // A failed test must not leave the session cast for the next one.
    if (caster != null && session != null) {
      cast().stopCasting(session.getSessionId()).exceptionally(e -> null).get(30, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  void stopNetwork() {
    for (AutoCloseable c : new AutoCloseable[] {caster, app, network}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // Every resource gets its chance to close.
      }
    }
  }

  private AVCastManager cast() {
    return caster.getCastManager();
  }

  private static AVQueueItem item(String uri, String title, int durationMs) {
    return new AVQueueItem(1, AVMediaDescription.builder().setAssetId(title).setTitle(title).setArtist("Baton")
        .setMediaUri(uri).setDurationMs(durationMs).build());
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

  private CastDevice renderer() throws Exception {
    return join(cast().getCastDevices(Duration.ZERO)).stream()
        .filter(d -> d.deviceId().equals("uuid:" + CastNetwork.RENDERER_UUID)).findFirst().orElseThrow();
  }

  private BatonFixture.CliResult cli(String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.add("--socket");
    all.add(socket.toString());
    JavaProcess p = JavaProcess.baton(all);
    int exit = p.waitFor(Duration.ofSeconds(60));
    return new BatonFixture.CliResult(exit, String.join("\n", p.drainLines()), p.stderr());
  }

  @Test
  @Order(1)
  void discovery_ssdpInsideNamespaces_findsRendererAndReportsIt() throws Exception {
    List<CastDevice> available = new CopyOnWriteArrayList<>();
    cast().addListener(new AVCastManager.Listener() {
      @Override
      public void onDeviceAvailable(CastDevice device) {
        available.add(device);
      }
    });

    join(cast().startCastDeviceDiscovery());
    BatonFixture.CliResult devices = cli("cast", "devices", "--search", "3000", "--json");

    assertThat(devices.exitCode()).as(devices.stderr()).isZero();
    assertThat(devices.stdout()).contains("\"deviceId\":\"uuid:" + CastNetwork.RENDERER_UUID + "\"")
        .contains("\"name\":\"" + CastNetwork.RENDERER_NAME + "\"").contains("\"model\":\"gmediarender\"")
        .contains("\"protocols\":[\"DLNA\"]")
        .contains("\"address\":\"" + network.rendererDescriptionUrl() + "\"");
    await().atMost(WAIT).until(() -> available.stream().anyMatch(
        d -> d.deviceId().equals("uuid:" + CastNetwork.RENDERER_UUID) && d.source().equals("ssdp")));
    join(cast().stopCastDeviceDiscovery());
  }

  @Test
  @Order(1)
  void discovery_isReferenceCountedPerConnection() throws Exception {
    try (AVSessionManager other = AVSessionManager.builder().socket(socket).appId("it.cast.other")
        .retryTimeout(Duration.ofSeconds(20)).connect()) {
      int stopsBefore = count(network.daemonLog("main"), "discovery stopped");

      join(cast().startCastDeviceDiscovery());
      join(other.getCastManager().startCastDeviceDiscovery());
      join(cast().stopCastDeviceDiscovery());
      Thread.sleep(500); // Nothing is supposed to happen; give the daemon time to do it wrongly.
      int stopsWhileOtherWants = count(network.daemonLog("main"), "discovery stopped");
      join(other.getCastManager().stopCastDeviceDiscovery());

      assertThat(stopsWhileOtherWants).isEqualTo(stopsBefore);
      await().atMost(WAIT).until(() -> count(network.daemonLog("main"), "discovery stopped") == stopsBefore + 1);
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  @Order(2)
  void addByAddress_withoutMulticast_findsRenderer() throws Exception {
    Path unicastSocket = network.startDaemon("unicast", "--cast-no-multicast");
    try (AVSessionManager m = AVSessionManager.builder().socket(unicastSocket).appId("it.cast.unicast")
        .retryTimeout(Duration.ofSeconds(20)).connect()) {
      assertThat(join(m.getCastManager().getCastDevices(Duration.ofMillis(1500)))).isEmpty();

      CastDevice added = join(m.getCastManager().addCastDevice(network.rendererDescriptionUrl()));

      assertThat(added.deviceId()).isEqualTo("uuid:" + CastNetwork.RENDERER_UUID);
      assertThat(added.source()).isEqualTo("added");
      assertThat(join(m.getCastManager().getCastDevices(Duration.ZERO))).extracting(CastDevice::deviceId)
          .containsExactly("uuid:" + CastNetwork.RENDERER_UUID);
      assertThat(codeOf(m.getCastManager().addCastDevice("http://" + network.rendererAddress + ":9/x.xml")))
          .isEqualTo(6612001);
    }
  }

  @Test
  @Order(3)
  void localFile_startPauseSeekStop_tracksStateAndConnection() throws Exception {
    CastDevice device = renderer();
    AVSessionController controller = join(caster.createController(session.getSessionId()));
    List<String> controllerChanges = new CopyOnWriteArrayList<>();
    controller.addListener(new AVSessionController.Listener() {
      @Override
      public void onOutputDeviceChange(ConnectionState state, OutputDeviceInfo info) {
        controllerChanges.add(state + " " + info.devices().get(0).deviceId());
      }
    });

    join(cast().startCasting(session.getSessionId(), device.toOutputDeviceInfo()));
    await().atMost(WAIT).until(() -> appDeviceChanges.contains("CONNECTED " + device.deviceId()));
    assertThat(appDeviceChanges).startsWith("CONNECTING " + device.deviceId());
    await().atMost(WAIT).until(() -> controllerChanges.contains("CONNECTED " + device.deviceId()));
    assertThat(join(controller.getOutputDevice()).devices().get(0).deviceId()).isEqualTo(device.deviceId());

    AVCastController castController = join(cast().getAVCastController(session.getSessionId()));
    List<AVPlaybackState> states = new CopyOnWriteArrayList<>();
    List<Long> seeks = new CopyOnWriteArrayList<>();
    castController.addListener(new AVCastController.Listener() {
      @Override
      public void onPlaybackStateChange(AVPlaybackState state) {
        states.add(state);
      }

      @Override
      public void onSeekDone(long positionMs) {
        seeks.add(positionMs);
      }
    });
    join(castController.setPlaybackStateFilter(EventFilter.of("state")));
    join(castController.start(item(toneFile.toUri().toString(), "Tone", 30_000)));

    await().atMost(WAIT).until(() -> states.stream().anyMatch(s -> s.state() == PlaybackState.PLAY));
    await().atMost(WAIT).until(() -> join(castController.getAVPlaybackState()).position().elapsedTimeMs() >= 2000);
    assertThat(join(castController.getDuration())).isEqualTo(30_000L);
    assertThat(join(castController.getValidCommands())).contains("pause", "stop", "seek");
    assertThat(join(castController.getCurrentItem())).get()
        .satisfies(i -> assertThat(i.description().title()).isEqualTo("Tone"));

    join(castController.sendControlCommand(AVCastControlCommand.seek(20_000)));
    await().atMost(WAIT).until(() -> !seeks.isEmpty());
    assertThat(seeks.get(0)).isBetween(19_000L, 22_000L);
    assertThat(castController.getRealPlaybackPosition()).isGreaterThanOrEqualTo(19_000L);

    join(castController.sendControlCommand(AVCastControlCommand.pause()));
    await().atMost(WAIT).until(() -> join(castController.getAVPlaybackState()).state() == PlaybackState.PAUSE);
    long paused = join(castController.getAVPlaybackState()).position().elapsedTimeMs();
    Thread.sleep(1500); // The renderer's position must stay put for a while: there is nothing to poll for.
    assertThat(join(castController.getAVPlaybackState()).position().elapsedTimeMs()).isEqualTo(paused);
    assertThat(castController.getRealPlaybackPosition()).isEqualTo(paused);

    BatonFixture.CliResult state = cli("cast", "state", session.getSessionId(), "--json");
    assertThat(state.exitCode()).as(state.stderr()).isZero();
    assertThat(state.stdout()).contains("\"state\":\"PAUSE\"").contains("\"duration\":30000")
        .contains("\"uri\":\"" + toneFile.toUri() + "\"").contains("\"position\":" + paused);

    BatonFixture.CliResult play = cli("cast", "send", session.getSessionId().substring(0, 12), "play");
    assertThat(play.exitCode()).as(play.stderr()).isZero();
    await().atMost(WAIT).until(() -> join(castController.getAVPlaybackState()).state() == PlaybackState.PLAY);

    // The renderer's GENA events reached the daemon (besides its polls).
    await().atMost(WAIT).until(() -> network.daemonLog("main").contains("GENA LastChange events from renderer "
        + device.deviceId() + " arrive"));

    join(castController.sendControlCommand(AVCastControlCommand.stop()));
    await().atMost(WAIT).until(() -> join(castController.getAVPlaybackState()).state() == PlaybackState.STOP);
    assertThat(states).extracting(AVPlaybackState::state).contains(PlaybackState.PLAY, PlaybackState.PAUSE,
        PlaybackState.STOP);

    join(cast().stopCasting(session.getSessionId()));
    await().atMost(WAIT).until(() -> appDeviceChanges.contains("DISCONNECTED 0"));
    await().atMost(WAIT).until(() -> controllerChanges.contains("DISCONNECTED 0"));
    assertThat(session.getOutputDevice()).isEqualTo(OutputDeviceInfo.LOCAL);
    assertThat(codeOf(cast().getAVCastController(session.getSessionId()))).isEqualTo(6600109);
    assertThat(codeOf(castController.sendControlCommand(AVCastControlCommand.play()))).isEqualTo(6600103);
  }

  @Test
  @Order(4)
  void url_playsToTheEnd_reportsEndOfStream() throws Exception {
    join(cast().startCasting(session.getSessionId(), renderer().toOutputDeviceInfo()));
    AVCastController castController = join(cast().getAVCastController(session.getSessionId()));
    List<String> events = new CopyOnWriteArrayList<>();
    castController.addListener(new AVCastController.Listener() {
      @Override
      public void onEndOfStream() {
        events.add("end");
      }

      @Override
      public void onMediaItemChange(AVQueueItem item) {
        events.add("item " + item.description().title());
      }
    });

    join(castController.start(item(media.get("tone4.wav"), "Short", 4_000)));

    await().atMost(WAIT).until(() -> events.contains("end"));
    assertThat(events).containsSubsequence("item Short", "end");
    assertThat(join(castController.getAVPlaybackState()).state()).isEqualTo(PlaybackState.COMPLETED);
    join(cast().stopCasting(session.getSessionId()));
  }

  @Test
  @Order(5)
  void errors_eachFromARealCause() throws Exception {
    join(cast().startCasting(session.getSessionId(), renderer().toOutputDeviceInfo()));
    AVCastController castController = join(cast().getAVCastController(session.getSessionId()));
    String tone = media.get("tone30.wav");

    assertThat(codeOf(castController.start(item(tone.replaceAll("/media/[0-9a-f]+/", "/media/0000/"), "x", 0))))
        .as("404").isEqualTo(6612005);
    assertThat(codeOf(castController.start(item(media.get("notes.txt"), "x", 0)))).as("Content-Type")
        .isEqualTo(6612003);
    assertThat(codeOf(castController.start(item("http://" + network.daemonAddress + ":9/x.wav", "x", 0))))
        .as("closed port").isEqualTo(6612001);
    assertThat(codeOf(castController.start(item(media.get("SILENT"), "x", 0)))).as("timeout").isEqualTo(6612002);
    assertThat(codeOf(castController.start(item("ftp://" + network.daemonAddress + "/x.wav", "x", 0))))
        .as("scheme").isEqualTo(6611106);

    assertThat(codeOf(castController.sendControlCommand(AVCastControlCommand.pause()))).as("pause while stopped")
        .isEqualTo(6600105);
    join(castController.start(item(tone, "Tone", 30_000)));
    await().atMost(WAIT).until(() -> join(castController.getValidCommands()).contains("seek"));
    assertThat(codeOf(castController.sendControlCommand(AVCastControlCommand.seek(45_000)))).as("seek past end")
        .isEqualTo(6611102);
    assertThat(codeOf(castController.sendControlCommand(AVCastControlCommand.setSpeed(2.0)))).as("speed")
        .isEqualTo(6611104);
    assertThat(codeOf(castController.sendControlCommand(AVCastControlCommand.setLoopMode(LoopMode.SHUFFLE))))
        .as("loop mode").isEqualTo(6611103);
    assertThat(codeOf(castController.sendControlCommand(AVCastControlCommand.setVolume(101)))).as("volume")
        .isEqualTo(401);

    BatonFixture.CliResult cliSeek = cli("cast", "send", session.getSessionId(), "seek", "99000", "--json");
    assertThat(cliSeek.exitCode()).isEqualTo(1);
    assertThat(cliSeek.stdout()).startsWith("{\"error\":{\"code\":6611102,");
    BatonFixture.CliResult usage = cli("cast", "send", session.getSessionId(), "warp");
    assertThat(usage.exitCode()).isEqualTo(2);

    join(castController.sendControlCommand(AVCastControlCommand.setVolume(40)));
    assertThat(join(castController.getAVPlaybackState()).volume()).isEqualTo(40);
    join(cast().stopCasting(session.getSessionId()));
  }

  @Test
  @Order(6)
  void stalledRenderer_reportsIoErrorAfterTheStallTimeout() throws Exception {
    join(cast().startCasting(session.getSessionId(), renderer().toOutputDeviceInfo()));
    AVCastController castController = join(cast().getAVCastController(session.getSessionId()));
    List<AVSessionException> ioErrors = new CopyOnWriteArrayList<>();
    castController.addListener(new AVCastController.Listener() {
      @Override
      public void onCastControlIoError(AVSessionException error) {
        ioErrors.add(error);
      }
    });

    // Passes the URL check (audio/mpeg) but is noise: the renderer claims PLAYING at 0:00.
    join(castController.start(item(media.get("noise.mp3"), "Noise", 0)));

    await().atMost(WAIT).until(() -> !ioErrors.isEmpty());
    assertThat(ioErrors.get(0).code()).isIn(6612000, 6612101);
    assertThat(ioErrors.get(0).detail()).contains("0:00");
    join(cast().stopCasting(session.getSessionId()));
  }

  @Test
  @Order(7)
  void rendererKilled_sessionGoesLocal_andNewCastsFail() throws Exception {
    CastDevice device = renderer();
    List<String> offline = new CopyOnWriteArrayList<>();
    cast().addListener(new AVCastManager.Listener() {
      @Override
      public void onDeviceOffline(String deviceId) {
        offline.add(deviceId);
      }
    });
    join(cast().startCasting(session.getSessionId(), device.toOutputDeviceInfo()));
    AVCastController castController = join(cast().getAVCastController(session.getSessionId()));
    join(castController.start(item(toneFile.toUri().toString(), "Tone", 30_000)));
    await().atMost(WAIT).until(() -> join(castController.getValidCommands()).contains("pause"));
    network.signalRenderer("STOP");
    try {
      assertThat(codeOf(castController.sendControlCommand(AVCastControlCommand.pause())))
          .as("a renderer that does not answer within the control deadline").isEqualTo(6611003);
    } finally {
      network.signalRenderer("CONT");
    }
    appDeviceChanges.clear();

    network.killRenderer();

    await().atMost(WAIT).until(() -> appDeviceChanges.contains("DISCONNECTED 0"));
    await().atMost(WAIT).until(() -> offline.contains(device.deviceId()));
    assertThat(session.getOutputDevice()).isEqualTo(OutputDeviceInfo.LOCAL);
    assertThat(codeOf(cast().startCasting(session.getSessionId(), device.toOutputDeviceInfo())))
        .isEqualTo(6600108);
  }

  @Test
  @Order(8)
  void castingOff_everyCallFailsWith6600101() throws Exception {
    try (BatonFixture plain = new BatonFixture(dir.resolve("plain")).startDaemon();
        AVSessionManager m = plain.manager("it.cast.off")) {
      assertThat(codeOf(m.getCastManager().getCastDevices(Duration.ZERO))).isEqualTo(6600101);
    }
  }
}
