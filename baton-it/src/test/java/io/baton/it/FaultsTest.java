package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import io.baton.api.EventFilter;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a real daemon process (issue: reliability): a session app killed under load, the daemon
 * killed under load twenty times, a state directory that fills up or turns read-only, and a client flooding
 * commands. Each one must leave everyone else working and lose nothing recorded. Figures are printed as
 * {@code FAULTS key=value} lines for docs/reliability.md.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class FaultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** The daemon-kill loop's length; the issue asks for 20. */
  private static final int DAEMON_KILLS = Integer.getInteger("baton.faults.daemonKills", 20);

  @TempDir Path dir;
  private BatonFixture baton;
  private Path mounted;

  @AfterEach
  void tearDown() throws Exception {
    if (baton != null) {
      baton.close();
    }
    if (mounted != null) {
      run("umount", "-l", mounted.toString());
    }
  }

  @Test
  void sessionAppKilledWhileControllersSendCommands_everyoneHearsWithinOneSecond_nothingLeaks() throws Exception {
    baton = new BatonFixture(dir).startDaemon();
    JsonNode baseline = dump();
    BatonFixture.DemoPlayer player = baton.demoPlayer();
    List<AVSessionManager> managers = new ArrayList<>();
    List<CompletableFuture<Long>> destroyedAt = new ArrayList<>();
    Set<Integer> errorCodes = ConcurrentHashMap.newKeySet();
    AtomicBoolean sending = new AtomicBoolean(true);
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      AVSessionManager m = AVSessionManager.builder().socket(baton.socket).appId("it.faults.remote" + i)
          .retryTimeout(WAIT).connect();
      managers.add(m);
      AVSessionController c = m.createController(player.sessionId()).get(10, TimeUnit.SECONDS);
      CompletableFuture<Long> destroyed = new CompletableFuture<>();
      c.addListener(new AVSessionController.Listener() {
        @Override
        public void onSessionDestroy(AVSessionDescriptor descriptor) {
          destroyed.complete(System.nanoTime());
        }
      });
      destroyedAt.add(destroyed);
      Thread t = new Thread(() -> {
        while (sending.get()) {
          try {
            c.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            errorCodes.add(AVSessionException.fromThrowable(e).errorCode().code());
          }
        }
      }, "sender-" + i);
      t.start();
      senders.add(t);
    }
    Thread.sleep(300); // Commands in flight when the app dies.

    long killedAt = System.nanoTime();
    player.process().kill9();

    for (CompletableFuture<Long> d : destroyedAt) {
      long ms = TimeUnit.NANOSECONDS.toMillis(d.get(10, TimeUnit.SECONDS) - killedAt);
      System.out.println("FAULTS app_kill_destroy_ms=" + ms);
      assertThat(ms).isLessThan(1000);
    }
    sending.set(false);
    for (Thread t : senders) {
      t.join(20_000);
    }
    // 6600107 is the rate limit (10/s by default) of these tight loops, not the crash.
    errorCodes.remove(AVSessionErrorCode.MESSAGE_OVERLOAD.code());
    assertThat(errorCodes).isSubsetOf(AVSessionErrorCode.SESSION_NOT_EXIST.code(),
        AVSessionErrorCode.CONTROLLER_NOT_EXIST.code());
    for (AVSessionManager m : managers) {
      m.close();
    }
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode now = dump();
      assertThat(now.get("sessions")).isEmpty();
      assertThat(now.get("controllers").asInt()).isEqualTo(baseline.get("controllers").asInt());
      assertThat(now.get("clients").size()).isEqualTo(baseline.get("clients").size());
      assertThat(now.get("pendingCommands").asInt()).isZero();
    });
  }

  @Test
  void daemonKilledUnderLoad_repeatedly_clientsRecover_historyIntact_sqliteOk() throws Exception {
    baton = new BatonFixture(dir).startDaemon();
    AVSessionManager app = baton.manager("it.faults.app", WAIT);
    AVSessionManager remote = baton.manager("it.faults.remote", WAIT);
    AVSession session = app.createSession("survivor", AVSessionType.AUDIO).get(10, TimeUnit.SECONDS);
    AtomicInteger handled = new AtomicInteger();
    session.addCommandHandler(AVControlCommandType.PLAY, c -> handled.incrementAndGet());
    session.setAVMetadata(AVMetadata.builder().setAssetId("a1").setTitle("Still here").build())
        .get(10, TimeUnit.SECONDS);
    session.activate().get(10, TimeUnit.SECONDS);
    // A finished session, so that history has a row to keep through every crash.
    AVSession gone = app.createSession("remembered", AVSessionType.VIDEO).get(10, TimeUnit.SECONDS);
    gone.setAVMetadata(AVMetadata.builder().setAssetId("g1").setTitle("Remembered").build())
        .get(10, TimeUnit.SECONDS);
    gone.destroy().get(10, TimeUnit.SECONDS);
    AVSessionController controller = remote.createController(session.getSessionId()).get(10, TimeUnit.SECONDS);
    AtomicBoolean loading = new AtomicBoolean(true);
    Thread load = new Thread(() -> {
      while (loading.get()) {
        try {
          controller.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS);
          Thread.sleep(120); // Under the default rate limit of 10/s.
        } catch (Exception e) {
          // Expected while the daemon is down; the loop goes on.
        }
      }
    }, "load");
    load.start();
    long[] recoveryMs = new long[DAEMON_KILLS];
    try {
      for (int i = 0; i < DAEMON_KILLS; i++) {
        // Let the history store write what is pending (it coalesces for 200 ms) before the crash.
        Thread.sleep(400);
        baton.daemon().kill9();
        long restartAt = System.nanoTime();
        baton.startDaemon();
        int before = handled.get();
        await().atMost(WAIT).untilAsserted(() -> {
          assertThat(controller.getSessionId()).isEqualTo(session.getSessionId());
          assertThat(handled.get()).isGreaterThan(before);
        });
        recoveryMs[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartAt);
      }
    } finally {
      loading.set(false);
      load.join(20_000);
    }
    System.out.println("FAULTS daemon_kills=" + DAEMON_KILLS + " recovery_ms=" + Arrays.toString(recoveryMs));
    assertThat(controller.getAVMetadata().get(10, TimeUnit.SECONDS).title()).isEqualTo("Still here");
    JsonNode history = JSON.readTree(baton.cli("history", "--json").stdout());
    assertThat(history.findValuesAsText("title")).contains("Remembered");
    baton.daemon().terminate();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + baton.stateDir.resolve("history.db"));
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }
  }

  @Test
  void stateDirFullThenReadOnly_daemonKeepsServing_reportsIt_recoversWhenSpaceReturns() throws Exception {
    assumeTrue(isRoot(), "mounting a small tmpfs needs root");
    Path state = Files.createDirectories(dir.resolve("small-state"));
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", state.toString()) == 0, "mount failed");
    mounted = state;
    baton = new BatonFixture(dir);
    baton.startDaemonWithStateDir(state);
    await().atMost(WAIT).until(() -> Files.exists(state.resolve("history.db")));

    Path filler = state.resolve("filler");
    fill(filler);
    BatonFixture.DemoPlayer player = baton.demoPlayer("--tag", "full", "--title", "Full disk");
    assertThat(baton.cli("send", player.sessionId(), "pause").exitCode()).isZero();
    player.process().kill9(); // Its session ends: a history row to write.
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode persistence = dump().get("persistence");
      assertThat(persistence.get("ok").asBoolean()).isFalse();
      assertThat(persistence.get("lastError").asText()).containsIgnoringCase("full");
    });
    System.out.println("FAULTS disk_full_error=" + dump().get("persistence").get("lastError").asText());
    // Still serving: a new session works end to end.
    BatonFixture.DemoPlayer second = baton.demoPlayer("--tag", "serving", "--title", "Still serving");
    assertThat(baton.cli("send", second.sessionId(), "pause").exitCode()).isZero();

    Files.delete(filler);
    await().atMost(WAIT).untilAsserted(() -> assertThat(dump().get("persistence").get("ok").asBoolean()).isTrue());
    assertThat(JSON.readTree(baton.cli("history", "--json").stdout()).findValuesAsText("title"))
        .contains("Full disk");

    second.process().kill9();
    await().atMost(WAIT).untilAsserted(() -> assertThat(dump().get("sessions")).isEmpty());
    // Read-only: a mounted file system with open files cannot turn read-only, so the daemon restarts onto it.
    baton.daemon().terminate();
    assertThat(run("mount", "-o", "remount,ro", state.toString())).isZero();
    baton.startDaemonWithStateDir(state);
    BatonFixture.DemoPlayer third = baton.demoPlayer("--tag", "readonly", "--title", "Read-only disk");
    assertThat(baton.cli("send", third.sessionId(), "pause").exitCode()).isZero();
    third.process().kill9();
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode persistence = dump().get("persistence");
      assertThat(persistence.get("ok").asBoolean()).isFalse();
      assertThat(persistence.get("lastError").asText()).contains("read-only file system");
    });
    System.out.println("FAULTS read_only_error=" + dump().get("persistence").get("lastError").asText());
    assertThat(baton.cli("ls").exitCode()).isZero();
    assertThat(run("mount", "-o", "remount,rw", state.toString())).isZero();
    await().atMost(WAIT).untilAsserted(() -> assertThat(dump().get("persistence").get("ok").asBoolean()).isTrue());
    assertThat(JSON.readTree(baton.cli("history", "--json").stdout()).findValuesAsText("title"))
        .contains("Full disk", "Still serving", "Read-only disk");
    assertThat(baton.daemon().isAlive()).isTrue();
  }

  @Test
  void floodingClientGets6600107_anotherClientKeepsItsLatency() throws Exception {
    Path config = dir.resolve("flood.properties");
    Files.writeString(config, "commandsPerSecond=200\n");
    baton = new BatonFixture(dir).startDaemon("--config", config.toString());
    AVSessionManager app = baton.manager("it.flood.player", WAIT);
    AVSession session = app.createSession("flooded", AVSessionType.AUDIO).get(10, TimeUnit.SECONDS);
    session.addCommandHandler(AVControlCommandType.PLAY, c -> {});
    session.activate().get(10, TimeUnit.SECONDS);
    AVSessionController calm = baton.manager("it.flood.calm", WAIT).createController(session.getSessionId())
        .get(10, TimeUnit.SECONDS);
    measure(calm, 200); // Warm-up.
    long unloadedP99 = measure(calm, 300);

    // The flooder is its own process, as a misbehaving app would be: `baton send --count`, one command after the
    // other as fast as the answers come back.
    JavaProcess flooder = baton.cliProcess("send", session.getSessionId(), "play", "--count", "100000000", "--json");
    long loadedP99;
    try {
      await().atMost(WAIT).untilAsserted(() -> assertThat(dump().get("rateLimited").get("refused").asLong())
          .isPositive());
      loadedP99 = measure(calm, 300);
    } finally {
      flooder.kill9();
    }
    long refused = dump().get("rateLimited").get("refused").asLong();
    System.out.printf("FAULTS flood_unloaded_p99_us=%d flood_loaded_p99_us=%d flood_refused=%d%n",
        unloadedP99 / 1000, loadedP99 / 1000, refused);
    assertThat(refused).isPositive();
    // Within 2x, plus 2 ms of grace for a shared two-core machine's scheduler.
    assertThat(loadedP99).isLessThanOrEqualTo(2 * unloadedP99 + 2_000_000);
  }

  @Test
  void stuckConsumer_doesNotDelayOthers_andItsQueueStaysBounded() throws Exception {
    Path config = dir.resolve("small-outbox.properties");
    Files.writeString(config, "outboxCapacity=256\n");
    baton = new BatonFixture(dir).startDaemon("--config", config.toString());
    AVSessionManager app = baton.manager("it.stuck.player", WAIT);
    AVSession session = app.createSession("busy", AVSessionType.AUDIO).get(10, TimeUnit.SECONDS);
    session.activate().get(10, TimeUnit.SECONDS);
    AVSessionController healthy = baton.manager("it.stuck.healthy", WAIT).createController(session.getSessionId())
        .get(10, TimeUnit.SECONDS);
    healthy.setPlaybackStateFilter(EventFilter.ALL).get(10, TimeUnit.SECONDS);
    Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    healthy.addListener(new AVSessionController.Listener() {
      @Override
      public void onPlaybackStateChange(AVPlaybackState state) {
        Long sent = state.position() == null ? null : sentAt.remove(state.position().elapsedTimeMs());
        if (sent != null) {
          latencies.add(System.nanoTime() - sent);
        }
      }
    });
    long[] sequence = {0};
    publishAndMeasure(session, sentAt, latencies, sequence); // Warm-up.
    long unloadedP50 = publishAndMeasure(session, sentAt, latencies, sequence);

    JavaProcess stuck = baton.cliProcess("watch", session.getSessionId());
    await().atMost(WAIT).untilAsserted(() -> assertThat(clientOf(dump(), stuck.pid()).get("controllers").asInt())
        .isEqualTo(1));
    assertThat(run("kill", "-STOP", Long.toString(stuck.pid()))).isZero();
    long loadedP50;
    JsonNode frozen;
    try {
      // Enough to fill the stuck client's socket and HTTP/2 window, then its outbox: metadata changes (coalesced
      // into one pending change) and session events (queued up to the bound, then dropped and counted).
      String kilobyte = "x".repeat(1024);
      for (int i = 0; i < 2_000; i++) {
        session.setAVMetadata(AVMetadata.builder().setAssetId("a").setTitle("t" + i).setDescription(kilobyte)
            .build());
        session.dispatchSessionEvent("tick", Map.of("i", i));
      }
      loadedP50 = publishAndMeasure(session, sentAt, latencies, sequence);
      frozen = clientOf(dump(), stuck.pid());
    } finally {
      run("kill", "-CONT", Long.toString(stuck.pid()));
    }
    System.out.printf("FAULTS stuck_unloaded_p50_us=%d stuck_loaded_p50_us=%d stuck_client=%s%n",
        unloadedP50 / 1000, loadedP50 / 1000, frozen);
    // The bound: at most outboxCapacity queued messages, plus one pending change per controller and kind.
    assertThat(frozen.get("queuedEvents").asInt()).isLessThanOrEqualTo(256);
    assertThat(frozen.get("coalescedEvents").asLong()).isPositive();
    assertThat(frozen.get("droppedEvents").asLong()).isPositive();
    assertThat(loadedP50).isLessThanOrEqualTo(unloadedP50 + 5_000_000);
  }

  /** Publishes 600 playback states at ~300/s; @return the healthy controller's p50 delivery latency in ns. */
  private static long publishAndMeasure(AVSession session, Map<Long, Long> sentAt, List<Long> latencies,
      long[] sequence) throws Exception {
    latencies.clear();
    for (int i = 0; i < 600; i++) {
      long n = ++sequence[0];
      sentAt.put(n, System.nanoTime());
      session.setAVPlaybackState(AVPlaybackState.builder().setState(PlaybackState.PLAY)
          .setPosition(new PlaybackPosition(n, System.currentTimeMillis())).build());
      Thread.sleep(3);
    }
    await().atMost(WAIT).until(() -> latencies.size() >= 550);
    long[] sorted;
    synchronized (latencies) {
      sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    return sorted[sorted.length / 2];
  }

  private static JsonNode clientOf(JsonNode dump, long pid) {
    for (JsonNode client : dump.get("clients")) {
      if (client.get("pid").asLong() == pid) {
        return client;
      }
    }
    throw new AssertionError("no client with pid " + pid + " in " + dump.get("clients"));
  }

  /** Sends {@code n} commands one by one at ~100/s (under the calm client's own limit); @return their p99 in ns. */
  private static long measure(AVSessionController controller, int n) throws Exception {
    long[] samples = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      controller.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS);
      samples[i] = System.nanoTime() - start;
      Thread.sleep(5);
    }
    Arrays.sort(samples);
    return samples[(int) Math.ceil(n * 0.99) - 1];
  }

  private JsonNode dump() throws Exception {
    BatonFixture.CliResult dump = baton.cli("dump");
    assertThat(dump.exitCode()).as(dump.stderr()).isZero();
    return JSON.readTree(dump.stdout());
  }

  /** Writes zeros to {@code file} until the file system is full. */
  private static void fill(Path file) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < 10_000; i++) {
        out.write(block);
        out.flush();
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
      return;
    }
    throw new AssertionError("the file system never filled up");
  }

  private static boolean isRoot() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes()).trim();
    id.waitFor();
    return uid.equals("0");
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    if (p.exitValue() != 0) {
      System.out.println("FAULTS " + String.join(" ", command) + " -> " + p.exitValue() + ": " + output.trim());
    }
    return p.exitValue();
  }
}
