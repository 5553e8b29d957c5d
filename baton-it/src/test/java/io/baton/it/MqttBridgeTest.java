package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.PlaybackPosition;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT bridge against a real broker: Debian's mosquitto on a loopback port, real daemons started with
 * {@code --mqtt}, real demo players, and mosquitto_sub / mosquitto_pub as independent clients.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MqttBridgeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private Mosquitto broker;
  private BatonFixture a;
  private BatonFixture b;
  private AVSessionManager app;

  @BeforeEach
  void startBroker() throws Exception {
    broker = Mosquitto.start(dir.resolve("broker"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (app != null) {
      app.close();
    }
    for (BatonFixture f : new BatonFixture[] {a, b}) {
      if (f != null) {
        f.close();
      }
    }
    broker.close();
  }

  private static String deviceId(BatonFixture fixture) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(fixture.stateDir.resolve("device.properties"), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p.getProperty("id");
  }

  /** The retained snapshots a fresh subscriber gets for {@code device}: session id → snapshot. */
  private Map<String, JsonNode> freshSnapshots(String device) throws Exception {
    Map<String, JsonNode> snapshots = new HashMap<>();
    for (String line : broker.retained("baton/" + device + "/session/+", 1)) {
      String topic = Mosquitto.topic(line);
      snapshots.put(topic.substring(topic.lastIndexOf('/') + 1), JSON.readTree(Mosquitto.payload(line)));
    }
    return snapshots;
  }

  private String freshStatus(String device) throws Exception {
    List<String> lines = broker.retained("baton/" + device + "/status", 1);
    return lines.isEmpty() ? null : Mosquitto.payload(lines.get(0));
  }

  @Test
  void freshSubscriber_seesRetainedSnapshotsOfRunningSessions_andNoneOfDestroyedOnes() throws Exception {
    a = new BatonFixture(dir.resolve("a")).startDaemon("--mqtt", broker.url());
    String device = deviceId(a);
    BatonFixture.DemoPlayer kept = a.demoPlayer("--title", "Kept Tone");
    BatonFixture.DemoPlayer gone = a.demoPlayer("--title", "Gone Tone");

    await().atMost(WAIT).untilAsserted(() -> {
      Map<String, JsonNode> snapshots = freshSnapshots(device);
      assertThat(snapshots).containsKeys(kept.sessionId(), gone.sessionId());
      assertThat(snapshots.get(gone.sessionId()).path("metadata").path("title").asText()).isEqualTo("Gone Tone");
    });
    assertThat(freshStatus(device)).isEqualTo("online");
    JsonNode snapshot = freshSnapshots(device).get(kept.sessionId());
    assertThat(snapshot.path("device").path("id").asText()).isEqualTo(device);
    assertThat(snapshot.path("descriptor").path("sessionId").asText()).isEqualTo(kept.sessionId());
    assertThat(snapshot.path("descriptor").path("active").asBoolean()).isTrue();
    assertThat(snapshot.path("descriptor").path("type").asText()).isEqualTo("audio");
    assertThat(snapshot.path("metadata").path("title").asText()).isEqualTo("Kept Tone");
    assertThat(snapshot.path("metadata").path("artist").asText()).isEqualTo("Baton");
    assertThat(snapshot.path("playbackState").path("state").asText()).isEqualTo("PAUSE");
    assertThat(snapshot.path("validCommands").toString()).contains("\"play\"", "\"seek\"");

    gone.process().terminate();

    await().atMost(WAIT).untilAsserted(() ->
        assertThat(freshSnapshots(device)).containsOnlyKeys(kept.sessionId()));
  }

  @Test
  void command_publishedByMosquittoPub_reachesThePlayer_andItsResultComesBack() throws Exception {
    a = new BatonFixture(dir.resolve("a")).startDaemon("--mqtt", broker.url());
    String device = deviceId(a);
    BatonFixture.DemoPlayer player = a.demoPlayer("--title", "Remote Tone");
    BatonFixture.DemoPlayer inactive = a.demoPlayer("--title", "Sleeping Tone", "--inactive");
    await().atMost(WAIT).until(() -> freshSnapshots(device).containsKey(inactive.sessionId()));
    Mosquitto.Subscriber results = broker.subscribe("baton/" + device + "/session/+/result",
        "baton/" + device + "/session/probe/result");

    broker.publish("baton/" + device + "/session/" + player.sessionId() + "/command",
        "{\"command\":\"seek\",\"arg\":42000,\"requestId\":\"r-1\"}");

    JsonNode received = JSON.readTree(player.process().nextLine(WAIT));
    assertThat(received.path("command").asText()).isEqualTo("seek");
    assertThat(received.path("parameter").asLong()).isEqualTo(42000);
    String ok = results.await(l -> l.contains("r-1"), WAIT);
    assertThat(Mosquitto.topic(ok)).isEqualTo("baton/" + device + "/session/" + player.sessionId() + "/result");
    assertThat(JSON.readTree(Mosquitto.payload(ok)))
        .isEqualTo(JSON.readTree("{\"requestId\":\"r-1\",\"ok\":true}"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(freshSnapshots(device)
        .getOrDefault(player.sessionId(), JSON.missingNode()).path("playbackState").path("position")
        .path("elapsedTime").asLong()).isEqualTo(42000));

    broker.publish("baton/" + device + "/session/" + inactive.sessionId() + "/command",
        "{\"command\":\"play\",\"requestId\":\"r-2\"}");
    JsonNode refused = JSON.readTree(Mosquitto.payload(results.await(l -> l.contains("r-2"), WAIT)));
    assertThat(refused.path("ok").asBoolean()).isFalse();
    assertThat(refused.path("error").path("code").asInt()).isEqualTo(6600106);
    assertThat(refused.path("error").path("message").asText()).isEqualTo("The session is not activated.");

    broker.publish("baton/" + device + "/session/" + player.sessionId() + "/command",
        "{\"command\":\"seek\",\"arg\":\"soon\",\"requestId\":\"r-3\"}");
    JsonNode invalid = JSON.readTree(Mosquitto.payload(results.await(l -> l.contains("r-3"), WAIT)));
    assertThat(invalid.path("error").path("code").asInt()).isEqualTo(401);
    assertThat(invalid.path("error").path("message").asText()).isEqualTo("Parameter error.");
    assertThat(invalid.path("error").path("detail").asText()).contains("arg", "seek");
    assertThat(player.process().drainLines()).as("the player got no other command").isEmpty();
  }

  @Test
  void daemonKilled9_lastWillMarksTheDeviceOffline() throws Exception {
    a = new BatonFixture(dir.resolve("a")).startDaemon("--mqtt", broker.url());
    String device = deviceId(a);
    await().atMost(WAIT).until(() -> "online".equals(freshStatus(device)));
    Mosquitto.Subscriber status = broker.subscribe("baton/" + device + "/status");
    status.await(l -> l.endsWith(" online"), WAIT);

    a.daemon().kill9();

    status.await(l -> l.endsWith(" offline"), WAIT);
    assertThat(freshStatus(device)).isEqualTo("offline");
  }

  @Test
  void brokerRestart_bridgeReconnectsAndRepublishesItsRetainedState() throws Exception {
    a = new BatonFixture(dir.resolve("a")).startDaemon("--mqtt", broker.url());
    String device = deviceId(a);
    BatonFixture.DemoPlayer player = a.demoPlayer("--title", "Survivor Tone");
    await().atMost(WAIT).until(() -> freshSnapshots(device).containsKey(player.sessionId()));

    broker.restart();
    // Without persistence the restarted broker has no retained message: whatever a fresh subscriber sees now, the
    // bridge published after reconnecting.
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(freshStatus(device)).isEqualTo("online");
      assertThat(freshSnapshots(device)).containsKey(player.sessionId());
    });
    assertThat(freshSnapshots(device).get(player.sessionId()).path("metadata").path("title").asText())
        .isEqualTo("Survivor Tone");

    // And commands flow again.
    Mosquitto.Subscriber results = broker.subscribe("baton/" + device + "/session/+/result",
        "baton/" + device + "/session/probe/result");
    broker.publish("baton/" + device + "/session/" + player.sessionId() + "/command",
        "{\"command\":\"play\",\"requestId\":\"after-restart\"}");
    assertThat(results.await(l -> l.contains("after-restart"), WAIT)).contains("\"ok\":true");
  }

  @Test
  void twoDaemonsOnOneBroker_seeEachOthersSessionsInLsFleet_andDriveThemWithSendFleet() throws Exception {
    Path config = Files.writeString(dir.resolve("b.properties"), "mqtt.url=" + broker.url() + "\n"
        + "mqtt.protocol=3.1.1\n" + "maxSessions=50\n");
    a = new BatonFixture(dir.resolve("a")).startDaemon("--mqtt", broker.url());
    b = new BatonFixture(dir.resolve("b")).startDaemon("--config", config.toString());
    String deviceA = deviceId(a);
    String deviceB = deviceId(b);
    BatonFixture.DemoPlayer playerA = a.demoPlayer("--title", "Tone A");
    BatonFixture.DemoPlayer playerB = b.demoPlayer("--title", "Tone B");
    await().atMost(WAIT).until(() -> freshSnapshots(deviceA).containsKey(playerA.sessionId())
        && freshSnapshots(deviceB).containsKey(playerB.sessionId()));

    for (BatonFixture from : new BatonFixture[] {a, b}) {
      BatonFixture.CliResult ls = from.cli("ls", "--fleet", "--mqtt", broker.url(), "--json");
      assertThat(ls.exitCode()).as(ls.stderr()).isZero();
      Map<String, JsonNode> bySession = new HashMap<>();
      JSON.readTree(ls.stdout()).forEach(s -> bySession.put(s.path("sessionId").asText(), s));
      assertThat(bySession).containsKeys(playerA.sessionId(), playerB.sessionId());
      assertThat(bySession.get(playerA.sessionId()).path("deviceId").asText()).isEqualTo(deviceA);
      assertThat(bySession.get(playerB.sessionId()).path("deviceId").asText()).isEqualTo(deviceB);
      assertThat(bySession.get(playerB.sessionId()).path("title").asText()).isEqualTo("Tone B");
      assertThat(bySession.get(playerB.sessionId()).path("online").asBoolean()).isTrue();
      assertThat(bySession.get(playerB.sessionId()).path("playbackState").path("state").asText()).isEqualTo("PAUSE");
    }
    BatonFixture.CliResult table = a.cli("ls", "--fleet", "--mqtt", broker.url());
    assertThat(table.stdout()).contains("DEVICE", "ONLINE", "Tone A", "Tone B", deviceB.substring(0, 12));

    // From A's machine, B's session by a prefix of its id, through the broker.
    BatonFixture.CliResult send = a.cli("send", "--fleet", "--mqtt", broker.url(),
        playerB.sessionId().substring(0, 10), "seek", "7000");
    assertThat(send.exitCode()).as(send.stderr()).isZero();
    JsonNode received = JSON.readTree(playerB.process().nextLine(WAIT));
    assertThat(received.path("command").asText()).isEqualTo("seek");
    assertThat(received.path("parameter").asLong()).isEqualTo(7000);

    // The daemon's error comes back with its exact code and message.
    BatonFixture.CliResult unsupported = a.cli("send", "--fleet", "--mqtt", broker.url(), playerB.sessionId(),
        "play-from-asset", "7");
    assertThat(unsupported.exitCode()).isEqualTo(1);
    assertThat(unsupported.stderr()).contains("error 6600105: Invalid session command.");

    // The mosquitto log shows which MQTT version each bridge speaks: p5 for A (default), p2 (3.1.1) for B.
    assertThat(broker.logText()).contains("as baton-" + deviceA.substring(0, 16) + " (p5")
        .contains("as baton-" + deviceB.substring(0, 16) + " (p2");
  }

  @Test
  void sendFleet_toAnOfflineOrUnknownDevice_fails6600109() throws Exception {
    a = new BatonFixture(dir.resolve("a")).startDaemon("--mqtt", broker.url());
    b = new BatonFixture(dir.resolve("b")).startDaemon("--mqtt", broker.url());
    String deviceB = deviceId(b);
    BatonFixture.DemoPlayer playerB = b.demoPlayer("--title", "Doomed Tone");
    await().atMost(WAIT).until(() -> freshSnapshots(deviceB).containsKey(playerB.sessionId()));

    b.daemon().kill9();
    await().atMost(WAIT).until(() -> "offline".equals(freshStatus(deviceB)));

    // The snapshot outlives the daemon (nobody is left to clear it), marked offline.
    BatonFixture.CliResult ls = a.cli("ls", "--fleet", "--mqtt", broker.url(), "--json");
    JsonNode listed = JSON.readTree(ls.stdout()).get(0);
    assertThat(listed.path("sessionId").asText()).isEqualTo(playerB.sessionId());
    assertThat(listed.path("online").asBoolean()).isFalse();
    BatonFixture.CliResult offline = a.cli("send", "--fleet", "--mqtt", broker.url(), playerB.sessionId(), "play");
    assertThat(offline.exitCode()).isEqualTo(1);
    assertThat(offline.stderr()).contains("error 6600109: The remote connection is not established.")
        .contains(deviceB, "offline");

    BatonFixture.CliResult unknown = a.cli("send", "--fleet", "--mqtt", broker.url(), "--device", "f".repeat(32),
        "A".repeat(64), "play", "--json");
    assertThat(unknown.exitCode()).isEqualTo(1);
    JsonNode error = JSON.readTree(unknown.stdout()).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(6600109);
    assertThat(error.path("detail").asText()).contains("unknown");
  }

  @Test
  void daemonRestartAfterKill9_clearsTheSnapshotsItsPreviousRunLeft() throws Exception {
    a = new BatonFixture(dir.resolve("a")).startDaemon("--mqtt", broker.url());
    String device = deviceId(a);
    BatonFixture.DemoPlayer player = a.demoPlayer("--title", "Ghost Tone");
    await().atMost(WAIT).until(() -> freshSnapshots(device).containsKey(player.sessionId()));
    a.daemon().kill9();
    player.process().kill9();
    await().atMost(WAIT).until(() -> "offline".equals(freshStatus(device)));
    assertThat(freshSnapshots(device)).containsKey(player.sessionId());

    a.close();
    a = new BatonFixture(dir.resolve("a")).startDaemon("--mqtt", broker.url());

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(freshStatus(device)).isEqualTo("online");
      assertThat(freshSnapshots(device)).isEmpty();
    });
  }

  @Test
  void rapidChanges_areCoalesced_andABrokerOutageLeavesOnlyTheLatestState() throws Exception {
    a = new BatonFixture(dir.resolve("a")).startDaemon("--mqtt", broker.url());
    String device = deviceId(a);
    // A longer first-connection window than the fixture's 3 s: on a crowded CI machine a new daemon can be slow.
    app = AVSessionManager.builder().socket(a.socket).appId("it.mqtt.app").retryTimeout(Duration.ofSeconds(30))
        .connect();
    AVSession session = app.createSession("busy", AVSessionType.AUDIO).join();
    session.setAVMetadata(AVMetadata.builder().setAssetId("1").setTitle("Busy Tone").build()).join();
    session.activate().join();
    String topic = "baton/" + device + "/session/" + session.getSessionId();
    await().atMost(WAIT).until(() -> freshSnapshots(device).containsKey(session.getSessionId()));
    Mosquitto.Subscriber snapshots = broker.subscribe(topic);
    snapshots.await(l -> l.startsWith(topic + " "), WAIT); // the retained one: subscribed

    long start = System.nanoTime();
    for (int i = 1; i <= 300; i++) {
      session.setAVPlaybackState(AVPlaybackState.builder().setPosition(new PlaybackPosition(i, i)).build()).join();
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    snapshots.await(l -> elapsedTime(l) == 300, WAIT);

    long published = snapshots.seen().stream().filter(l -> elapsedTime(l) > 0).count();
    // At most one snapshot per 100 ms: one at once, then one per interval, plus the trailing one.
    assertThat(published).as("snapshots for 300 changes in %d ms", elapsedMs)
        .isBetween(1L, elapsedMs / 100 + 2);

    broker.stop();
    for (int i = 301; i <= 500; i++) {
      session.setAVPlaybackState(AVPlaybackState.builder().setPosition(new PlaybackPosition(i, i)).build()).join();
    }
    broker.startAgain();

    await().atMost(WAIT).untilAsserted(() -> assertThat(freshSnapshots(device)
        .getOrDefault(session.getSessionId(), JSON.missingNode()).path("playbackState").path("position")
        .path("elapsedTime").asLong()).isEqualTo(500));
  }

  private static long elapsedTime(String line) {
    try {
      return JSON.readTree(Mosquitto.payload(line)).path("playbackState").path("position").path("elapsedTime")
          .asLong();
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void tls_withAClientCertificate_connectsToATlsOnlyListener() throws Exception {
    Path pki = Files.createDirectories(dir.resolve("pki"));
    openssl(pki, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Baton Test CA");
    Files.writeString(pki.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl(pki, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
        "/CN=127.0.0.1");
    openssl(pki, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
    openssl(pki, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj",
        "/CN=baton-device");
    openssl(pki, "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "client.pem", "-days", "2");
    broker.close();
    int tlsPort = Mosquitto.freePort();
    broker = Mosquitto.start(dir.resolve("tls-broker"), "listener " + tlsPort + " 127.0.0.1",
        "cafile " + pki.resolve("ca.pem"), "certfile " + pki.resolve("server.pem"),
        "keyfile " + pki.resolve("server.key"), "require_certificate true");
    Path config = Files.writeString(dir.resolve("tls.properties"), "mqtt.url=ssl://127.0.0.1:" + tlsPort + "\n"
        + "mqtt.caFile=" + pki.resolve("ca.pem") + "\n" + "mqtt.certFile=" + pki.resolve("client.pem") + "\n"
        + "mqtt.keyFile=" + pki.resolve("client.key") + "\n");

    a = new BatonFixture(dir.resolve("a")).startDaemon("--config", config.toString());
    String device = deviceId(a);
    BatonFixture.DemoPlayer player = a.demoPlayer("--title", "Secure Tone");

    // Read back through the broker's plain loopback listener: the bridge itself could only use the TLS one.
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(freshStatus(device)).isEqualTo("online");
      assertThat(freshSnapshots(device)).containsKey(player.sessionId());
    });
    assertThat(broker.logText()).contains("as baton-" + device.substring(0, 16));
  }

  private static void openssl(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  @Test
  void badMqttConfiguration_daemonExits2NamingTheKey() throws Exception {
    Path config = Files.writeString(dir.resolve("bad.properties"), "mqtt.url=" + broker.url() + "\nmqtt.qos=3\n");
    JavaProcess daemon = JavaProcess.baton(List.of("daemon", "--socket", dir.resolve("x/baton.sock").toString(),
        "--state-dir", dir.resolve("x/state").toString(), "--config", config.toString()));
    try {
      assertThat(daemon.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(daemon.stderr()).contains("mqtt.qos");
    } finally {
      daemon.close();
    }
  }
}
