package io.baton.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import io.baton.mqtt.BatonFleet;
import io.baton.mqtt.FleetSession;
import io.baton.mqtt.MqttBridge;
import io.baton.mqtt.MqttOptions;
import io.baton.service.BatonDaemon;
import io.baton.service.DaemonConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MQTT bridge at fleet scale: {@code devices} simulated devices × {@code sessions} sessions through one Mosquitto
 * broker on loopback.
 *
 * <p>A device is a real daemon with a real MQTT bridge and a real session app; to fit 100 of them on two cores they
 * share one JVM (role {@code mqtt-devices}: 100 in-process {@link BatonDaemon}s on their own sockets, each with its
 * {@link MqttBridge} and an SDK app owning its sessions, whose handlers do nothing). The benchmark process is the
 * fleet controller:
 *
 * <ul>
 *   <li><b>Command round trip</b>: {@link BatonFleet#sendControlCommand} of {@code play}, one after another, to one
 *       session of each device in turn: controller → broker → bridge → daemon → app → daemon → bridge → broker →
 *       controller. <b>Reference</b>, measured in the same run: a raw MQTT echo (publish to a topic that another JVM
 *       republishes to a second topic, QoS 1 both ways, same client library), the same four broker legs with nothing
 *       in between.
 *   <li><b>Sustained updates</b>: every session changes its playback state as fast as the apps can for a fixed time;
 *       a subscriber to {@code baton/+/session/+} counts the snapshots the broker delivers per second. The bridges
 *       coalesce to one snapshot per session per 100 ms, so the ceiling is sessions × 10/s.
 *   <li><b>Fleet listing</b>: {@link BatonFleet#connect} plus {@link BatonFleet#sessions()} over every retained
 *       snapshot (what {@code baton ls --fleet} does).
 * </ul>
 */
final class MqttBench {
  private MqttBench() {}

  /** The sizes of a run. */
  record Sizes(int devices, int sessionsPerDevice, int commandWarmupRounds, int commands, int echoes,
      double updateSeconds) {
    static Sizes forMode(String mode) {
      return switch (mode) {
        case "full" -> new Sizes(100, 10, 3, 3_000, 3_000, 10);
        case "quick" -> new Sizes(100, 10, 1, 500, 500, 4);
        default -> new Sizes(5, 2, 1, 50, 50, 1);
      };
    }
  }

  /** What a run measured. */
  record Result(boolean available, String unavailableReason, int devices, int sessions, RoundTrips commands,
      RoundTrips echoes, double stateChangesPerSec, double updatesPerSec, double updatesCapPerSec,
      double fleetListMs, int fleetSessions, double allSnapshotsMs) {}

  /** Runs every part; reports "unavailable" (with the reason) when mosquitto is not installed. */
  static Result run(Processes processes, Path dir, Sizes sizes) throws Exception {
    Files.createDirectories(dir);
    if (!onPath("mosquitto")) {
      return new Result(false, "mosquitto is not installed (apt-get install mosquitto)", 0, 0, null, null, 0, 0, 0,
          0, 0, 0);
    }
    int port = freePort();
    Path config = dir.resolve("mosquitto.conf");
    List<String> lines = new ArrayList<>(List.of("listener " + port + " 127.0.0.1", "allow_anonymous true",
        "persistence false", "max_queued_messages 100000",
        // Mosquitto leaves Nagle's algorithm on by default: every small reply would wait for a delayed ACK (~40 ms).
        "set_tcp_nodelay true", "log_type error", "log_type warning"));
    if ("root".equals(System.getProperty("user.name"))) {
      lines.add(0, "user root");
    }
    Files.write(config, lines, StandardCharsets.UTF_8);
    String url = "tcp://127.0.0.1:" + port;
    int sessions = sizes.devices() * sizes.sessionsPerDevice();
    try (Processes.Child broker = processes.start("mosquitto", List.of("mosquitto", "-c", config.toString()));
        Processes.Child echo = startEcho(processes, port, url)) {
      echo.awaitLine("READY", Daemon.READY_TIMEOUT);
      RoundTrips echoes = echoRoundTrips(url, sizes.echoes());
      echo.send("stop");

      long started = System.nanoTime();
      CountingSubscriber counter = new CountingSubscriber(url, "baton/+/session/+");
      try (Processes.Child devices = processes.role("mqtt-devices", "mqtt-devices", dir.resolve("devices"), url,
          sizes.devices(), sizes.sessionsPerDevice())) {
        devices.awaitLine("READY", Duration.ofMinutes(5));
        counter.awaitDistinct(sessions, Duration.ofMinutes(2));
        double allSnapshotsMs = (System.nanoTime() - started) / 1e6;

        long t0 = System.nanoTime();
        List<FleetSession> listed;
        RoundTrips commands;
        try (BatonFleet fleet = BatonFleet.connect(MqttOptions.builder(url).build())) {
          listed = fleet.sessions();
          double fleetListMs = (System.nanoTime() - t0) / 1e6;
          commands = commandRoundTrips(fleet, listed, sizes);

          long before = counter.count();
          long churnStart = System.nanoTime();
          String changes = devices.ask("churn " + sizes.updateSeconds(), "CHANGES ",
              Duration.ofSeconds((long) sizes.updateSeconds() + 120));
          // Snapshots still in flight when the apps stop count too, over the time they took to arrive: that is the
          // rate the bridges and the broker sustained, not the rate they accepted work.
          long lastNanos = counter.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(60));
          double updatesPerSec = (counter.count() - before) / ((lastNanos - churnStart) / 1e9);
          double changesPerSec = Long.parseLong(changes.substring("CHANGES ".length())) / sizes.updateSeconds();
          devices.send("stop");
          devices.waitFor(Duration.ofSeconds(60));
          counter.close();
          return new Result(true, null, sizes.devices(), sessions, commands, echoes, changesPerSec, updatesPerSec,
              sessions * 1000.0 / MqttOptions.DEFAULT_MIN_PUBLISH_INTERVAL.toMillis(), fleetListMs, listed.size(),
              allSnapshotsMs);
        }
      }
    }
  }

  private static Processes.Child startEcho(Processes processes, int port, String url)
      throws IOException, InterruptedException {
    awaitPort(port, Duration.ofSeconds(20));
    return processes.role("mqtt-echo", "mqtt-echo", url);
  }

  /** One session of each device in turn, {@code play}, each awaited. */
  private static RoundTrips commandRoundTrips(BatonFleet fleet, List<FleetSession> listed, Sizes sizes)
      throws Exception {
    Map<String, FleetSession> onePerDevice = new LinkedHashMap<>();
    listed.forEach(s -> onePerDevice.putIfAbsent(s.deviceId(), s));
    List<FleetSession> targets = new ArrayList<>(onePerDevice.values());
    AVControlCommand play = AVControlCommand.play();
    // Warm-up: every target once (the first command to a session also subscribes to its result topic), then more.
    for (int round = 0; round < sizes.commandWarmupRounds(); round++) {
      for (FleetSession s : targets) {
        fleet.sendControlCommand(s.deviceId(), s.sessionId(), play, BatonFleet.COMMAND_TIMEOUT).get(30,
            TimeUnit.SECONDS);
      }
    }
    long[] samples = new long[sizes.commands()];
    for (int i = 0; i < samples.length; i++) {
      FleetSession s = targets.get(i % targets.size());
      long t = System.nanoTime();
      fleet.sendControlCommand(s.deviceId(), s.sessionId(), play, BatonFleet.COMMAND_TIMEOUT).get(30,
          TimeUnit.SECONDS);
      samples[i] = System.nanoTime() - t;
    }
    Arrays.sort(samples);
    return new RoundTrips(samples);
  }

  /** The reference: publish to {@code bench/ping}, the echo JVM republishes to {@code bench/pong}; QoS 1. */
  private static RoundTrips echoRoundTrips(String url, int n) throws Exception {
    Mqtt5AsyncClient client = client(url, "bench-pinger");
    client.connect().get(10, TimeUnit.SECONDS);
    try {
      java.util.concurrent.BlockingQueue<String> pongs = new java.util.concurrent.LinkedBlockingQueue<>();
      client.subscribeWith().topicFilter("bench/pong").qos(MqttQos.AT_LEAST_ONCE)
          .callback(p -> pongs.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
          .send().get(10, TimeUnit.SECONDS);
      int warmup = Math.max(100, n / 5);
      long[] samples = new long[n];
      for (int i = 0; i < warmup + n; i++) {
        String id = Integer.toString(i);
        long t = System.nanoTime();
        client.publishWith().topic("bench/ping").payload(id.getBytes(StandardCharsets.UTF_8))
            .qos(MqttQos.AT_LEAST_ONCE).send();
        String pong = pongs.poll(10, TimeUnit.SECONDS);
        if (!id.equals(pong)) {
          throw new IOException("echo " + i + " answered " + pong);
        }
        if (i >= warmup) {
          samples[i - warmup] = System.nanoTime() - t;
        }
      }
      Arrays.sort(samples);
      return new RoundTrips(samples);
    } finally {
      client.disconnect().get(10, TimeUnit.SECONDS);
    }
  }

  private static Mqtt5AsyncClient client(String url, String id) {
    java.net.URI uri = java.net.URI.create(url);
    return MqttClient.builder().useMqttVersion5().identifier(id).serverHost(uri.getHost()).serverPort(uri.getPort())
        .buildAsync();
  }

  /** Counts every message on a filter, and the distinct topics seen. */
  private static final class CountingSubscriber implements AutoCloseable {
    private final Mqtt5AsyncClient client;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong(System.nanoTime());
    private final Set<String> topics = new HashSet<>();

    CountingSubscriber(String url, String filter) throws Exception {
      client = client(url, "bench-counter");
      client.connect().get(10, TimeUnit.SECONDS);
      client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
        count.incrementAndGet();
        lastNanos.set(System.nanoTime());
        synchronized (topics) {
          topics.add(p.getTopic().toString());
          topics.notifyAll();
        }
      }).send().get(10, TimeUnit.SECONDS);
    }

    long count() {
      return count.get();
    }

    /** Waits until no message arrived for {@code quiet} (at most {@code timeout}); returns the last arrival time. */
    long awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && System.nanoTime() - lastNanos.get() < quiet.toNanos()) {
        Thread.sleep(50);
      }
      return lastNanos.get();
    }

    void awaitDistinct(int n, Duration timeout) throws InterruptedException, IOException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (topics) {
        while (topics.size() < n) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            throw new IOException("only " + topics.size() + " of " + n + " session snapshots within " + timeout);
          }
          topics.wait(left);
        }
      }
    }

    @Override
    public void close() throws Exception {
      client.disconnect().get(10, TimeUnit.SECONDS);
    }
  }

  // ------------------------------------------------------------------------------------------------ child roles

  /** {@code role mqtt-echo URL}: republishes every {@code bench/ping} message to {@code bench/pong}. */
  static void echoMain(String[] args) throws Exception {
    Mqtt5AsyncClient client = client(args[0], "bench-echo");
    client.connect().get(10, TimeUnit.SECONDS);
    client.subscribeWith().topicFilter("bench/ping").qos(MqttQos.AT_LEAST_ONCE)
        .callback(p -> client.publishWith().topic("bench/pong").payload(p.getPayloadAsBytes())
            .qos(MqttQos.AT_LEAST_ONCE).send())
        .send().get(10, TimeUnit.SECONDS);
    RoleIo.say("READY");
    RoleIo.awaitStop();
    client.disconnect().get(10, TimeUnit.SECONDS);
  }

  /**
   * {@code role mqtt-devices DIR URL DEVICES SESSIONS}: DEVICES daemons in this JVM, each with an MQTT bridge to URL
   * and an app with SESSIONS active sessions; prints {@code READY}, then on {@code churn SECONDS} changes every
   * session's playback state in a loop for that long and prints {@code CHANGES <count>}; {@code stop} ends it.
   */
  static void devicesMain(String[] args) throws Exception {
    // A hundred daemons' lifecycle lines would drown the log.
    System.setProperty("org.slf4j.simpleLogger.log.io.baton", "warn");
    Path dir = Paths.get(args[0]);
    MqttOptions options = MqttOptions.builder(args[1]).build();
    int devices = Integer.parseInt(args[2]);
    int perDevice = Integer.parseInt(args[3]);
    DaemonConfig config = DaemonConfig.DEFAULTS.withCommandsPerSecond(1_000_000_000)
        .withMaxSessionsPerClient(Math.max(16, perDevice));
    List<AutoCloseable> open = new ArrayList<>();
    List<AVSession> sessions = new ArrayList<>();
    try {
      for (int d = 0; d < devices; d++) {
        Path deviceDir = dir.resolve("d" + d);
        BatonDaemon daemon = BatonDaemon.builder().socket(deviceDir.resolve("s")).stateDir(deviceDir.resolve("state"))
            .config(config).start();
        open.add(daemon);
        open.add(MqttBridge.start(daemon.socket(), daemon.device().id(), "bench-" + d, options));
        AVSessionManager app = AVSessionManager.builder().socket(daemon.socket()).appId("baton.bench.player")
            .callbackExecutor(Runnable::run).retryTimeout(Duration.ofSeconds(30)).connect();
        open.add(app);
        for (int s = 0; s < perDevice; s++) {
          AVSession session = app.createSession("bench-" + s, AVSessionType.AUDIO).join();
          session.addCommandHandler(AVControlCommandType.PLAY, command -> {});
          session.addCommandHandler(AVControlCommandType.PAUSE, command -> {});
          session.setAVMetadata(AVMetadata.builder().setAssetId("a" + s).setTitle("Device " + d + " tone " + s)
              .setArtist("Baton").setDurationMs(180_000L).build()).join();
          session.setAVPlaybackState(AVPlaybackState.builder().setState(PlaybackState.PAUSE).build()).join();
          session.activate().join();
          sessions.add(session);
        }
      }
      RoleIo.say("READY");
      for (String line; (line = RoleIo.next()) != null; ) {
        if (line.equals("stop")) {
          break;
        }
        if (line.startsWith("churn ")) {
          RoleIo.say("CHANGES " + churn(sessions, Double.parseDouble(line.substring(6))));
        }
      }
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          System.err.println("close failed: " + e);
        }
      }
    }
  }

  /** Changes every session's position, round after round, for {@code seconds}; returns the number of changes. */
  private static long churn(List<AVSession> sessions, double seconds) throws Exception {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long changes = 0;
    long position = 0;
    while (System.nanoTime() < deadline) {
      position += 1000;
      List<CompletableFuture<Void>> round = new ArrayList<>(sessions.size());
      for (AVSession s : sessions) {
        round.add(s.setAVPlaybackState(AVPlaybackState.builder().setState(PlaybackState.PLAY)
            .setPosition(new PlaybackPosition(position, System.currentTimeMillis())).build()));
      }
      CompletableFuture.allOf(round.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      changes += round.size();
    }
    return changes;
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(":")) {
      if (Files.isExecutable(Paths.get(d, program))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IOException("mosquitto did not listen on port " + port + " within " + timeout);
  }
}
