package io.baton.bench;

import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.PlaybackState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command round trip: a controller process sends {@code play} commands one after another, each awaiting its
 * future, to a session whose handler runs in a second process, through the daemon in a third. That is Baton's
 * user-visible latency (a key press to the player's handler and back).
 *
 * <p>Both SDK processes use a direct callback executor ({@code callbackExecutor(Runnable::run)}): the default
 * single-thread executor adds one thread hand-off per side, which would measure the executor rather than Baton. The
 * daemon's {@code commandsPerSecond} is raised to 10^9 so that the rate limit (10/s by default) is not what is
 * measured.
 */
final class CommandRoundTripBench {
  private CommandRoundTripBench() {}

  /** The daemon configuration for latency measurements: the rate limit out of the way. */
  static final Map<String, Object> CONFIG = Map.of("commandsPerSecond", 1_000_000_000);

  /** Runs {@code warmup} unrecorded then {@code n} recorded commands. */
  static RoundTrips run(Processes processes, Path dir, int warmup, int n) throws IOException, InterruptedException {
    Path samples = dir.resolve("command.samples");
    try (Daemon daemon = Daemon.start(processes, dir.resolve("daemon"), "rtt-daemon", CONFIG);
        Processes.Child app = processes.role("rtt-session", "session-app", daemon.socket(), 1)) {
      String sessionId = app.awaitLine("SESSION ", Daemon.READY_TIMEOUT).substring("SESSION ".length());
      return timeCommands(processes, "rtt-controller", daemon.socket(), sessionId, warmup, n, samples, app);
    }
  }

  /**
   * Runs a controller process ({@code role rtt-controller}) against {@code sessionId} through the daemon at
   * {@code socket}, then stops the session {@code app}; returns the recorded round trips.
   */
  static RoundTrips timeCommands(Processes processes, String name, Path socket, String sessionId, int warmup, int n,
      Path samples, Processes.Child app) throws IOException, InterruptedException {
    Duration timeout = Duration.ofSeconds(60 + (warmup + n) / 250);
    try (Processes.Child controller = processes.role(name, "rtt-controller", socket, sessionId, warmup, n,
        samples)) {
      controller.awaitLine("DONE", timeout);
      controller.waitFor(timeout);
    }
    app.send("stop");
    app.waitFor(Duration.ofSeconds(30));
    return new RoundTrips(Stats.readSamples(samples));
  }

  /**
   * {@code role session-app SOCKET COUNT}: a player with COUNT active sessions that accept play and pause (the handlers
   * do nothing: the benchmark measures Baton, not a player); prints {@code SESSION <id>} per session, then idles until
   * told {@code stop}.
   */
  static void sessionAppMain(String[] args) throws IOException {
    Path socket = Paths.get(args[0]);
    int count = Integer.parseInt(args[1]);
    try (AVSessionManager manager = AVSessionManager.builder().socket(socket).appId("baton.bench.player")
        .callbackExecutor(Runnable::run).connect()) {
      List<AVSession> sessions = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        AVSession session = manager.createSession("bench-" + i, AVSessionType.AUDIO).join();
        session.addCommandHandler(AVControlCommandType.PLAY, command -> {});
        session.addCommandHandler(AVControlCommandType.PAUSE, command -> {});
        session.setAVMetadata(AVMetadata.builder().setAssetId("asset-" + i).setTitle("Bench tone " + i)
            .setArtist("Baton").setDurationMs(180_000L).build()).join();
        session.setAVPlaybackState(AVPlaybackState.builder().setState(PlaybackState.PAUSE).build()).join();
        session.activate().join();
        sessions.add(session);
      }
      for (AVSession s : sessions) {
        RoleIo.say("SESSION " + s.getSessionId());
      }
      RoleIo.awaitStop();
    }
  }

  /** {@code role rtt-controller SOCKET SESSION WARMUP N SAMPLES_FILE}: times N sequential play commands. */
  static void controllerMain(String[] args) throws IOException {
    Path socket = Paths.get(args[0]);
    String sessionId = args[1];
    int warmup = Integer.parseInt(args[2]);
    int n = Integer.parseInt(args[3]);
    long[] samples = new long[n];
    try (AVSessionManager manager = AVSessionManager.builder().socket(socket).appId("baton.bench.remote")
        .callbackExecutor(Runnable::run).connect()) {
      AVSessionController controller = manager.createController(sessionId).join();
      AVControlCommand play = AVControlCommand.play();
      for (int i = 0; i < warmup + n; i++) {
        long start = System.nanoTime();
        controller.sendControlCommand(play).join();
        long elapsed = System.nanoTime() - start;
        if (i >= warmup) {
          samples[i - warmup] = elapsed;
        }
      }
    }
    Files.createDirectories(Paths.get(args[4]).toAbsolutePath().getParent());
    Stats.writeSamples(Paths.get(args[4]), samples);
    RoleIo.say("DONE");
  }
}
