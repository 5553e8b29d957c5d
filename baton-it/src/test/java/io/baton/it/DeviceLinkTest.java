package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.BatonDevice;
import io.baton.api.ConnectionState;
import io.baton.api.EventFilter;
import io.baton.api.OutputDeviceInfo;
import io.baton.api.PlaybackState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-device sessions with real daemons on loopback, each with its own socket, state directory and device listener
 * (mutual TLS on an ephemeral port), paired in the test through the SDK and the CLI: remote sessions listed,
 * controlled and followed; a session moved to another device; the exact errors when a peer is frozen, killed or
 * restarted, and recovery afterwards.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DeviceLinkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // Every resource gets its chance to close.
      }
    }
  }

  /** A daemon that listens for devices, and an SDK connection to it from the test JVM. */
  private final class Node {
    final String name;
    final BatonFixture baton;
    final AVSessionManager sdk;
    final BatonDevice self;

    Node(String name) throws Exception {
      this(name, "--listen", "127.0.0.1:0");
    }

    Node(String name, String... args) throws Exception {
      this.name = name;
      this.baton = new BatonFixture(dir.resolve(name));
      open.add(baton);
      List<String> all = new java.util.ArrayList<>(List.of("--device-name", name, "--no-mpris"));
      all.addAll(List.of(args));
      baton.startDaemon(all.toArray(new String[0]));
      this.sdk = baton.manager("it." + name);
      this.self = sdk.getDeviceManager().getLocalDevice().get(10, TimeUnit.SECONDS);
    }

    /** Pairs with {@code other}: a window opened there through its CLI, completed here through the SDK. */
    BatonDevice pairWith(Node other) throws Exception {
      BatonFixture.CliResult allow = other.baton.cli("pair", "--allow", "--json");
      assertThat(allow.exitCode()).as(allow.stderr()).isZero();
      JsonNode window = JSON.readTree(allow.stdout());
      assertThat(window.get("code").asText()).matches("[0-9]{6}");
      assertThat(window.get("expiresInSeconds").asInt()).isEqualTo(120);
      return sdk.getDeviceManager().pair(other.self.address(), window.get("code").asText()).get(20, TimeUnit.SECONDS);
    }

    Optional<BatonDevice> peer(Node other) throws Exception {
      return sdk.getDeviceManager().getPairedDevices().get(10, TimeUnit.SECONDS).stream()
          .filter(d -> d.deviceId().equals(other.self.deviceId())).findFirst();
    }

    boolean connectedTo(Node other) throws Exception {
      return peer(other).map(BatonDevice::connected).orElse(false);
    }

    Optional<AVSessionDescriptor> session(String id) throws Exception {
      return sdk.getAllSessionDescriptors().get(10, TimeUnit.SECONDS).stream()
          .filter(d -> d.sessionId().equals(id)).findFirst();
    }

    /** Whether the session is listed here and active (its app's activation has reached this device). */
    boolean hasActive(String id) throws Exception {
      return session(id).map(AVSessionDescriptor::active).orElse(false);
    }
  }

  /** An app on a node's daemon with one active session that records the commands it gets. */
  private static final class App {
    final AVSessionManager manager;
    final AVSession session;
    final List<AVControlCommand> commands = new CopyOnWriteArrayList<>();
    final List<ConnectionState> outputChanges = new CopyOnWriteArrayList<>();
    final List<OutputDeviceInfo> outputs = new CopyOnWriteArrayList<>();

    App(BatonFixture baton, String appId, String title) throws Exception {
      manager = baton.manager(appId);
      session = manager.createSession("music", AVSessionType.AUDIO).get(10, TimeUnit.SECONDS);
      for (AVControlCommandType type : List.of(AVControlCommandType.PLAY, AVControlCommandType.PAUSE,
          AVControlCommandType.SEEK)) {
        session.addCommandHandler(type, commands::add);
      }
      session.addCallback(new AVSession.Callback() {
        @Override
        public void onOutputDeviceChange(ConnectionState state, OutputDeviceInfo device) {
          outputChanges.add(state);
          outputs.add(device);
        }
      });
      session.setAVMetadata(AVMetadata.builder().setAssetId("a1").setTitle(title).setArtist("Remote Band").build())
          .get(10, TimeUnit.SECONDS);
      session.activate().get(10, TimeUnit.SECONDS);
    }

    String id() {
      return session.getSessionId();
    }
  }

  private static void assertCode(ThrowingCallable call, AVSessionErrorCode code) {
    assertThatThrownBy(call).satisfies(t -> {
      AVSessionException e = AVSessionException.fromThrowable(t);
      assertThat(e.errorCode()).as(e.detail()).isEqualTo(code);
    });
  }

  @Test
  void threeDevices_listControlFollowAndMoveSessions() throws Exception {
    Node a = new Node("alpha");
    Node b = new Node("beta");
    Node c = new Node("gamma");
    List<String> remoteChanges = new CopyOnWriteArrayList<>();
    a.sdk.addListener(new AVSessionManager.Listener() {
      @Override
      public void onRemoteSessionsChange(String deviceId) {
        remoteChanges.add(deviceId);
      }
    });

    BatonDevice bSeenByA = a.pairWith(b);
    assertThat(bSeenByA.deviceId()).isEqualTo(b.self.deviceId());
    assertThat(bSeenByA.keyFingerprint()).isEqualTo(b.self.keyFingerprint());
    assertThat(bSeenByA.name()).isEqualTo("beta");
    a.pairWith(c);
    await().atMost(WAIT).until(() -> a.connectedTo(b) && a.connectedTo(c) && b.connectedTo(a) && c.connectedTo(a));
    // B and C are not paired with each other.
    assertThat(b.peer(c)).isEmpty();

    App onB = new App(b.baton, "it.app.beta", "Song on Beta");
    App onC = new App(c.baton, "it.app.gamma", "Song on Gamma");

    // Listed on A, with their device; `ls --local` hides them; events fired.
    await().atMost(WAIT).until(() -> a.session(onB.id()).isPresent() && a.session(onC.id()).isPresent());
    AVSessionDescriptor mirrored = a.session(onB.id()).orElseThrow();
    assertThat(mirrored.remote()).isTrue();
    assertThat(mirrored.deviceId()).isEqualTo(b.self.deviceId());
    assertThat(mirrored.appId()).isEqualTo("it.app.beta");
    assertThat(mirrored.tag()).isEqualTo("music");
    await().atMost(WAIT).until(() -> remoteChanges.contains(b.self.deviceId())
        && remoteChanges.contains(c.self.deviceId()));
    JsonNode ls = JSON.readTree(a.baton.cli("ls", "--json").stdout());
    assertThat(ls.findValuesAsText("sessionId")).contains(onB.id(), onC.id());
    JsonNode lsLocal = JSON.readTree(a.baton.cli("ls", "--local", "--json").stdout());
    assertThat(lsLocal.findValuesAsText("sessionId")).doesNotContain(onB.id(), onC.id());

    // Distributed controllers: per device and for all devices.
    List<AVSessionController> ofB = a.sdk.getDistributedSessionControllers(b.self.deviceId())
        .get(10, TimeUnit.SECONDS);
    assertThat(ofB).extracting(AVSessionController::getSessionId).containsExactly(onB.id());
    assertThat(a.sdk.getDistributedSessionControllers(null).get(10, TimeUnit.SECONDS))
        .extracting(AVSessionController::getSessionId).containsExactlyInAnyOrder(onB.id(), onC.id());
    assertCode(() -> a.sdk.getDistributedSessionControllers("0123456789abcdef0123456789abcdef")
        .get(10, TimeUnit.SECONDS), AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST);

    // Getters and filtered events on A follow B's app.
    AVSessionController controller = ofB.get(0);
    await().atMost(WAIT).until(() -> "Song on Beta".equals(controller.getAVMetadata().get(5, TimeUnit.SECONDS)
        .title()));
    List<AVPlaybackState> states = new CopyOnWriteArrayList<>();
    List<AVMetadata> metadata = new CopyOnWriteArrayList<>();
    controller.addListener(new AVSessionController.Listener() {
      @Override
      public void onPlaybackStateChange(AVPlaybackState state) {
        states.add(state);
      }

      @Override
      public void onMetadataChange(AVMetadata m) {
        metadata.add(m);
      }
    });
    controller.setPlaybackStateFilter(EventFilter.of("state")).get(10, TimeUnit.SECONDS);
    controller.setMetadataFilter(EventFilter.of("title")).get(10, TimeUnit.SECONDS);
    onB.session.setAVPlaybackState(AVPlaybackState.builder().setState(PlaybackState.PLAY).build())
        .get(10, TimeUnit.SECONDS);
    onB.session.setAVMetadata(AVMetadata.builder().setAssetId("a1").setTitle("Next Song").build())
        .get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> states.stream().anyMatch(s -> s.state() == PlaybackState.PLAY)
        && metadata.stream().anyMatch(m -> "Next Song".equals(m.title())));

    // Commands from A run in B's app, under B's rules.
    controller.sendControlCommand(AVControlCommand.pause()).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> onB.commands.stream().anyMatch(cmd -> cmd.command() == AVControlCommandType.PAUSE));
    assertCode(() -> controller.sendControlCommand(AVControlCommand.playNext()).get(10, TimeUnit.SECONDS),
        AVSessionErrorCode.COMMAND_INVALID);
    onB.session.deactivate().get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> !controller.isActive().get(5, TimeUnit.SECONDS));
    assertCode(() -> controller.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS),
        AVSessionErrorCode.SESSION_INACTIVE);
    onB.session.activate().get(10, TimeUnit.SECONDS);

    // The CLI on A drives B's session too.
    await().atMost(WAIT).until(() -> controller.isActive().get(5, TimeUnit.SECONDS));
    BatonFixture.CliResult send = a.baton.cli("send", onB.id().substring(0, 12), "play");
    assertThat(send.exitCode()).as(send.stderr()).isZero();
    await().atMost(WAIT).until(() -> onB.commands.stream().anyMatch(cmd -> cmd.command() == AVControlCommandType.PLAY));

    // `baton devices --json` on A.
    JsonNode devices = JSON.readTree(a.baton.cli("devices", "--json").stdout());
    assertThat(devices.get("local").get("deviceId").asText()).isEqualTo(a.self.deviceId());
    assertThat(devices.get("devices").findValuesAsText("state")).containsOnly("connected");
    assertThat(devices.get("devices").findValuesAsText("name")).containsExactlyInAnyOrder("beta", "gamma");

    // Moving A's own session to B: B's controllers drive it, commands come back to A's app.
    App onA = new App(a.baton, "it.app.alpha", "Song on Alpha");
    onA.session.castAudio(b.self.name()).get(20, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> onA.outputChanges.contains(ConnectionState.CONNECTED));
    assertThat(onA.outputs.get(onA.outputs.size() - 1).devices().get(0).deviceId()).isEqualTo(b.self.deviceId());
    await().atMost(WAIT).until(() -> moved(b, a).isPresent());
    AVSessionDescriptor onBMoved = moved(b, a).orElseThrow();
    assertThat(onBMoved.tag()).isEqualTo("music");
    assertThat(onBMoved.type()).isEqualTo(AVSessionType.AUDIO);
    assertThat(onBMoved.appId()).isEqualTo("it.app.alpha");
    AVSessionController onBController = b.sdk.createController(onBMoved.sessionId()).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> "Song on Alpha".equals(onBController.getAVMetadata().get(5, TimeUnit.SECONDS)
        .title()) && onBController.isActive().get(5, TimeUnit.SECONDS));
    onBController.sendControlCommand(AVControlCommand.seek(42_000)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> onA.commands.stream().anyMatch(cmd -> cmd.command() == AVControlCommandType.SEEK));
    // B's own view of A's session (its mirror) says where it plays now.
    AVSessionController mirrorOnB = b.sdk.createController(onA.id()).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> mirrorOnB.getOutputDevice().get(5, TimeUnit.SECONDS).devices().get(0)
        .deviceId().equals(b.self.deviceId()));
    // The moved session is not mirrored back to A as a second copy.
    assertThat(a.sdk.getAllSessionDescriptors().get(10, TimeUnit.SECONDS))
        .filteredOn(d -> d.tag().equals("music") && d.appId().equals("it.app.alpha")).hasSize(1);
    // Back home.
    BatonFixture.CliResult back = a.baton.cli("move", onA.id(), "local");
    assertThat(back.exitCode()).as(back.stderr()).isZero();
    await().atMost(WAIT).until(() -> moved(b, a).isEmpty());
    await().atMost(WAIT).until(() -> onA.outputChanges.contains(ConnectionState.DISCONNECTED));
    // Moving to a device without a link, or a session that is not there.
    assertCode(() -> onA.session.castAudio("no-such-device").get(10, TimeUnit.SECONDS),
        AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST);
    BatonFixture.CliResult movedRemote = a.baton.cli("move", onB.id(), "gamma");
    assertThat(movedRemote.exitCode()).isEqualTo(1);
    assertThat(movedRemote.stderr()).contains("error 401");

    // Unpairing: B's sessions disappear from A.
    BatonFixture.CliResult unpair = a.baton.cli("unpair", "beta");
    assertThat(unpair.exitCode()).as(unpair.stderr()).isZero();
    await().atMost(WAIT).until(() -> a.session(onB.id()).isEmpty() && a.peer(b).isEmpty());
    assertThat(a.session(onC.id())).isPresent();
    BatonFixture.CliResult again = a.baton.cli("unpair", "beta");
    assertThat(again.stderr()).contains("error 6600109");
  }

  /** The session on {@code on} that {@code from} moved there. */
  private static Optional<AVSessionDescriptor> moved(Node on, Node from) throws Exception {
    return on.sdk.getAllSessionDescriptors().get(10, TimeUnit.SECONDS).stream()
        .filter(d -> d.remote() && d.deviceId().equals(from.self.deviceId()) && d.appId().equals("it.app.alpha"))
        .filter(d -> d.pid() == 0)
        .findFirst();
  }

  @Test
  void frozenKilledAndRestartedPeer_exactErrorsThenRecovery() throws Exception {
    Node a = new Node("alpha");
    Node b = new Node("beta");
    a.pairWith(b);
    await().atMost(WAIT).until(() -> a.connectedTo(b) && b.connectedTo(a));
    App onB = new App(b.baton, "it.app.beta", "Song on Beta");
    await().atMost(WAIT).until(() -> a.hasActive(onB.id()));
    AVSessionController controller = a.sdk.createController(onB.id()).get(10, TimeUnit.SECONDS);
    controller.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS);
    long pid = b.baton.daemon().pid();

    // Frozen peer: a command fails with 6600104 within 2 s, the link is seen down within 3 s.
    assertThat(run("kill", "-STOP", Long.toString(pid))).isZero();
    long stopped = System.nanoTime();
    try {
      long sent = System.nanoTime();
      assertCode(() -> controller.sendControlCommand(AVControlCommand.pause()).get(10, TimeUnit.SECONDS),
          AVSessionErrorCode.REMOTE_CONNECTION_ERR);
      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> !a.connectedTo(b));
      assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(3));
      assertCode(() -> a.sdk.getDistributedSessionControllers(b.self.deviceId()).get(10, TimeUnit.SECONDS),
          AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST);
    } finally {
      run("kill", "-CONT", Long.toString(pid));
    }
    // Thawed: the link comes back by itself, and so do commands.
    await().atMost(WAIT).until(() -> a.connectedTo(b));
    int before = onB.commands.size();
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      controller.sendControlCommand(AVControlCommand.pause()).get(5, TimeUnit.SECONDS);
      return onB.commands.size() > before;
    });

    // Killed peer: 6600104 at once (never a hang), then 6600109 for the device.
    b.baton.daemon().kill9();
    long killed = System.nanoTime();
    assertCode(() -> controller.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS),
        AVSessionErrorCode.REMOTE_CONNECTION_ERR);
    assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(2));
    await().atMost(Duration.ofSeconds(5)).until(() -> !a.connectedTo(b));
    assertCode(() -> a.sdk.getDistributedSessionControllers(b.self.deviceId()).get(10, TimeUnit.SECONDS),
        AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST);

    // Restarted peer (same identity, a new port): it links back by itself, A learns its new address from it, the
    // app's restored session (a new id) appears on A and obeys A's commands; the old one is gone.
    String oldId = onB.id();
    b.baton.startDaemon("--listen", "127.0.0.1:0", "--device-name", "beta", "--no-mpris");
    await().atMost(Duration.ofSeconds(40)).until(() -> !onB.id().equals(oldId));
    try {
      await().atMost(WAIT).until(() -> a.connectedTo(b) && a.hasActive(onB.id()) && a.session(oldId).isEmpty());
    } catch (Throwable t) {
      System.err.println("DEBUG peer=" + a.peer(b) + " new=" + a.session(onB.id()) + " old=" + a.session(oldId)
          + "\nA:\n" + a.baton.daemon().stderr() + "\nB:\n" + b.baton.daemon().stderr());
      throw t;
    }
    AVSessionController restored = a.sdk.createController(onB.id()).get(10, TimeUnit.SECONDS);
    int count = onB.commands.size();
    await().atMost(WAIT).ignoreExceptions().until(() -> {
      restored.sendControlCommand(AVControlCommand.play()).get(5, TimeUnit.SECONDS);
      return onB.commands.size() > count;
    });
  }

  @Test
  void unpairedDevicesAreRefused() throws Exception {
    Node b = new Node("beta");
    Node intruder = new Node("delta");

    // No pairing window open: the TLS handshake itself is refused.
    assertThatThrownBy(() -> intruder.sdk.getDeviceManager().pair(b.self.address(), "123456")
        .get(20, TimeUnit.SECONDS)).satisfies(t -> {
          AVSessionException e = AVSessionException.fromThrowable(t);
          assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(AVSessionErrorCode.DEVICE_CONNECTION_FAILED);
        });
    // A third-party TLS client with its own self-signed certificate is refused too.
    Path key = dir.resolve("intruder-key.pem");
    Path cert = dir.resolve("intruder-cert.pem");
    assertThat(run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=intruder")).isZero();
    String handshake = output("openssl", "s_client", "-connect", b.self.address(), "-cert", cert.toString(),
        "-key", key.toString(), "-alpn", "h2", "-brief");
    assertThat(handshake.toLowerCase()).containsAnyOf("alert", "error");
    // Not a device at all: an unreachable address.
    assertCode(() -> intruder.sdk.getDeviceManager().pair("127.0.0.1:1", "123456").get(20, TimeUnit.SECONDS),
        AVSessionErrorCode.DEVICE_CONNECTION_FAILED);

    // A window open, but wrong codes: refused, and the third closes the window.
    String code = JSON.readTree(b.baton.cli("pair", "--allow", "--json").stdout()).get("code").asText();
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 3; i++) {
      assertCode(() -> intruder.sdk.getDeviceManager().pair(b.self.address(), wrong).get(20, TimeUnit.SECONDS),
          AVSessionErrorCode.DEVICE_CONNECTION_FAILED);
    }
    assertCode(() -> intruder.sdk.getDeviceManager().pair(b.self.address(), code).get(20, TimeUnit.SECONDS),
        AVSessionErrorCode.DEVICE_CONNECTION_FAILED);
    assertThat(b.sdk.getDeviceManager().getPairedDevices().get(10, TimeUnit.SECONDS)).isEmpty();
    // Bad input: 401, nothing changes.
    assertCode(() -> intruder.sdk.getDeviceManager().pair("no-port", "123456").get(10, TimeUnit.SECONDS),
        AVSessionErrorCode.INVALID_PARAMETER);
    assertCode(() -> intruder.sdk.getDeviceManager().pair(b.self.address(), "12ab").get(10, TimeUnit.SECONDS),
        AVSessionErrorCode.INVALID_PARAMETER);
    // A daemon that does not listen cannot open a window.
    BatonFixture quiet = new BatonFixture(dir.resolve("quiet"));
    open.add(quiet);
    quiet.startDaemon("--no-mpris");
    BatonFixture.CliResult allow = quiet.cli("pair", "--allow");
    assertThat(allow.exitCode()).isEqualTo(1);
    assertThat(allow.stderr()).contains("error 6600101").contains("--listen");

    // Paired, then unpaired by B: B no longer accepts it, and it sees B disconnected.
    intruder.pairWith(b);
    await().atMost(WAIT).until(() -> intruder.connectedTo(b));
    assertThat(b.baton.cli("unpair", intruder.self.deviceId()).exitCode()).isZero();
    await().atMost(WAIT).until(() -> !intruder.connectedTo(b));
  }

  @Test
  void deviceThatDoesNotListen_pairsControlsAndFindsAMovedPeerAtAConfiguredAddress() throws Exception {
    int laterPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      laterPort = probe.getLocalPort();
    }
    Node b = new Node("beta");
    Node phone = new Node("phone", "--peer", "127.0.0.1:" + laterPort);
    assertThat(phone.self.address()).isEmpty();
    phone.pairWith(b);
    await().atMost(WAIT).until(() -> phone.connectedTo(b));
    // B cannot link back (the phone does not listen), but sees it through its heartbeats.
    await().atMost(WAIT).until(() -> b.connectedTo(phone));
    assertThat(b.peer(phone).orElseThrow().address()).isEmpty();
    App onB = new App(b.baton, "it.app.beta", "Song on Beta");
    await().atMost(WAIT).until(() -> phone.hasActive(onB.id()));

    // B comes back on another port: only the configured peer address tells the phone where.
    b.baton.daemon().kill9();
    await().atMost(WAIT).until(() -> !phone.connectedTo(b));
    b.baton.startDaemon("--listen", "127.0.0.1:" + laterPort, "--device-name", "beta", "--no-mpris");
    await().atMost(Duration.ofSeconds(40)).until(() -> phone.connectedTo(b));
    assertThat(phone.peer(b).orElseThrow().address()).isEqualTo("127.0.0.1:" + laterPort);
    await().atMost(Duration.ofSeconds(40)).until(() -> phone.hasActive(onB.id()));
    AVSessionController controller = phone.sdk.createController(onB.id()).get(10, TimeUnit.SECONDS);
    controller.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> onB.commands.stream().anyMatch(c -> c.command() == AVControlCommandType.PLAY));
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return p.exitValue();
  }

  private static String output(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
