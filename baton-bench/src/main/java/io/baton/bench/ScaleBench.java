package io.baton.bench;

import io.baton.api.AVMetadata;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Scale: many sessions and many more controllers in one daemon, from a few client processes (two session apps, four
 * controller apps). Reports the daemon's live heap after a full GC (jcmd) per session and per controller, the create
 * and destroy rates, and how long listing every session takes at that size, through the SDK and through
 * {@code baton ls --json}.
 *
 * <p>Each session gets realistic metadata (asset id, title, artist, album, duration) after it is created, so the
 * per-session cost includes what a real player publishes. Controllers keep the initial filters (no change events),
 * as most controllers of a big daemon would be idle.
 */
final class ScaleBench {
  private ScaleBench() {}

  private static final int SESSION_PROCESSES = 2;
  private static final int CONTROLLER_PROCESSES = 4;
  /** Outstanding calls per client process: the rates are the daemon's, not one call's latency. */
  private static final int WINDOW = 64;
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

  /** What the scale run measured. Heap figures are -1 when jcmd is unavailable. */
  record Result(
      int sessions,
      int controllers,
      long heapBaselineBytes,
      long heapSessionsBytes,
      long heapControllersBytes,
      long heapAfterDestroyBytes,
      long rssBaselineKb,
      long rssSessionsKb,
      long rssControllersKb,
      double sessionCreatePerSec,
      double sessionDestroyPerSec,
      double controllerCreatePerSec,
      double controllerDestroyPerSec,
      double sdkLsMs,
      int sdkLsCount,
      double cliLsMs) {

    double bytesPerSession() {
      return (double) (heapSessionsBytes - heapBaselineBytes) / sessions;
    }

    double bytesPerController() {
      return (double) (heapControllersBytes - heapSessionsBytes) / controllers;
    }
  }

  /**
   * Runs with {@code sessions} sessions and {@code controllers} controllers; {@code baton ls --json} is timed
   * {@code cliRuns} times (median).
   */
  static Result run(Processes processes, Path dir, int sessions, int controllers, int cliRuns)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int limit = sessions + 64;
    Map<String, Object> config = Map.of("maxSessions", limit, "maxSessionsPerClient", limit,
        "commandsPerSecond", 1_000_000_000);
    try (Daemon daemon = Daemon.start(processes, dir.resolve("daemon"), "scale-daemon", config)) {
      List<Processes.Child> apps = new ArrayList<>();
      List<Processes.Child> remotes = new ArrayList<>();
      try {
        List<Path> idFiles = new ArrayList<>();
        for (int i = 0; i < SESSION_PROCESSES; i++) {
          Path ids = dir.resolve("sessions-" + i + ".txt");
          idFiles.add(ids);
          apps.add(processes.role("scale-sessions-" + i, "scale-sessions", daemon.socket(),
              share(sessions, SESSION_PROCESSES, i), ids));
        }
        // The controller processes read the session ids only when told to create: start their JVMs now, in parallel.
        for (int i = 0; i < CONTROLLER_PROCESSES; i++) {
          remotes.add(processes.role("scale-controllers-" + i, "scale-controllers", daemon.socket(),
              share(controllers, CONTROLLER_PROCESSES, i), i, String.join(",", idFiles.stream()
                  .map(Path::toString).toList())));
        }
        awaitAll(apps, "READY");
        awaitAll(remotes, "READY");
        long heapBaseline = daemon.heapAfterGcBytes();
        long rssBaseline = daemon.rssKb();

        double sessionCreate = sessions / step(apps, "create", "CREATED");
        step(apps, "describe", "DESCRIBED");
        long heapSessions = daemon.heapAfterGcBytes();
        long rssSessions = daemon.rssKb();

        double controllerCreate = controllers / step(remotes, "create", "CREATED");
        long heapControllers = daemon.heapAfterGcBytes();
        long rssControllers = daemon.rssKb();

        // Listing at this size: the SDK round trip (warmed up, median of 5), then the CLI's wall time.
        List<Double> sdk = new ArrayList<>();
        int listed;
        try (AVSessionManager manager = daemon.connect("baton.bench.ls")) {
          listed = manager.getAllSessionDescriptors().join().size();
          for (int i = 0; i < 8; i++) {
            long t0 = System.nanoTime();
            List<AVSessionDescriptor> all = manager.getAllSessionDescriptors().join();
            if (i >= 3) {
              sdk.add((System.nanoTime() - t0) / 1e6);
            }
            listed = all.size();
          }
        }
        List<Double> cli = new ArrayList<>();
        for (int i = 0; i < cliRuns; i++) {
          cli.add(StartupBench.timeCli(processes, "scale-ls-" + i, "ls", "--json", "--socket",
              daemon.socket().toString()));
        }

        double controllerDestroy = controllers / step(remotes, "destroy", "DESTROYED");
        double sessionDestroy = sessions / step(apps, "destroy", "DESTROYED");
        stopAll(remotes);
        stopAll(apps);
        long heapAfter = daemon.heapAfterGcBytes();
        return new Result(sessions, controllers, heapBaseline, heapSessions, heapControllers, heapAfter, rssBaseline,
            rssSessions, rssControllers, sessionCreate, sessionDestroy, controllerCreate, controllerDestroy,
            Stats.median(sdk), listed, Stats.median(cli));
      } finally {
        // On the normal path they have exited already; after a failure they must not outlive the measurement.
        Processes.closeAll(remotes);
        Processes.closeAll(apps);
      }
    }
  }

  /** Process {@code i}'s share of {@code total} items over {@code parts} processes. */
  private static int share(int total, int parts, int i) {
    return total / parts + (i < total % parts ? 1 : 0);
  }

  private static void awaitAll(List<Processes.Child> children, String prefix) throws IOException, InterruptedException {
    for (Processes.Child c : children) {
      c.awaitLine(prefix, STEP_TIMEOUT);
    }
  }

  /** Sends {@code command} to every child at once, waits for every reply; @return the wall time in seconds. */
  private static double step(List<Processes.Child> children, String command, String reply)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    for (Processes.Child c : children) {
      c.send(command);
    }
    for (Processes.Child c : children) {
      String[] f = c.awaitLine(reply + " ", STEP_TIMEOUT).split(" ");
      if (Long.parseLong(f[2]) > 0) {
        throw new IOException(c.name() + ": " + f[2] + " of " + f[1] + " calls failed in '" + command
            + "'; stderr:\n" + c.stderrTail());
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void stopAll(List<Processes.Child> children) throws IOException, InterruptedException {
    for (Processes.Child c : children) {
      c.send("stop");
    }
    for (Processes.Child c : children) {
      c.waitFor(Duration.ofSeconds(60));
    }
  }

  /**
   * Runs {@code call} on every item with at most {@link #WINDOW} outstanding; @return {@code "<n> <errors>"}. Results
   * land in {@code results} (null for failures), in item order.
   */
  private static <T, R> String pipelined(List<T> items, Function<T, CompletableFuture<R>> call, List<R> results)
      throws InterruptedException {
    Semaphore permits = new Semaphore(WINDOW);
    LongAdder errors = new LongAdder();
    List<R> out = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(items.size(), null)));
    for (int i = 0; i < items.size(); i++) {
      permits.acquire();
      int index = i;
      call.apply(items.get(i)).whenComplete((r, t) -> {
        if (t != null) {
          errors.increment();
        } else {
          out.set(index, r);
        }
        permits.release();
      });
    }
    if (!permits.tryAcquire(WINDOW, 5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("calls still outstanding after 5 minutes");
    }
    results.clear();
    results.addAll(out);
    return items.size() + " " + errors.sum();
  }

  /**
   * {@code role scale-sessions SOCKET COUNT IDS_FILE}: prints READY, then obeys {@code create} (COUNT sessions,
   * ids written to IDS_FILE; {@code CREATED <n> <errors>}), {@code describe} (metadata on each;
   * {@code DESCRIBED <n> <errors>}), {@code destroy} ({@code DESTROYED <n> <errors>}) and {@code stop}.
   */
  static void sessionsMain(String[] args) throws IOException, InterruptedException {
    Path socket = Paths.get(args[0]);
    int count = Integer.parseInt(args[1]);
    Path idsFile = Paths.get(args[2]);
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      indexes.add(i);
    }
    try (AVSessionManager manager = AVSessionManager.builder().socket(socket).appId("baton.bench.scale")
        .callbackExecutor(Runnable::run).connect()) {
      List<AVSession> sessions = new ArrayList<>();
      RoleIo.say("READY");
      for (String line; (line = RoleIo.next()) != null && !line.equals("stop"); ) {
        switch (line) {
          case "create" -> {
            String r = pipelined(indexes, i -> manager.createSession("scale-" + i, AVSessionType.AUDIO), sessions);
            Files.write(idsFile, sessions.stream().filter(s -> s != null).map(AVSession::getSessionId).toList());
            RoleIo.say("CREATED " + r);
          }
          case "describe" -> {
            List<Void> ignored = new ArrayList<>();
            RoleIo.say("DESCRIBED " + pipelined(sessions, s -> s.setAVMetadata(AVMetadata.builder()
                .setAssetId(s.getSessionTag()).setTitle("Track " + s.getSessionTag()).setArtist("Scale Artist")
                .setAlbum("Scale Album").setDurationMs(215_000L).build()), ignored));
          }
          case "destroy" -> {
            List<Void> ignored = new ArrayList<>();
            RoleIo.say("DESTROYED " + pipelined(sessions, AVSession::destroy, ignored));
          }
          default -> RoleIo.say("ERROR unknown command " + line);
        }
      }
    }
  }

  /**
   * {@code role scale-controllers SOCKET COUNT INDEX IDS_FILES}: prints READY, then obeys {@code create} (COUNT
   * controllers spread round-robin over the sessions listed in the comma-separated IDS_FILES, starting at an offset
   * given by INDEX; {@code CREATED <n> <errors>}), {@code destroy} ({@code DESTROYED <n> <errors>}) and {@code stop}.
   */
  static void controllersMain(String[] args) throws IOException, InterruptedException {
    Path socket = Paths.get(args[0]);
    int count = Integer.parseInt(args[1]);
    int index = Integer.parseInt(args[2]);
    try (AVSessionManager manager = AVSessionManager.builder().socket(socket).appId("baton.bench.scale-remote")
        .callbackExecutor(Runnable::run).connect()) {
      List<AVSessionController> controllers = new ArrayList<>();
      RoleIo.say("READY");
      for (String line; (line = RoleIo.next()) != null && !line.equals("stop"); ) {
        switch (line) {
          case "create" -> {
            List<String> ids = new ArrayList<>();
            for (String file : args[3].split(",")) {
              ids.addAll(Files.readAllLines(Paths.get(file)));
            }
            List<String> targets = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              targets.add(ids.get((index * 7919 + i) % ids.size()));
            }
            RoleIo.say("CREATED " + pipelined(targets, manager::createController, controllers));
          }
          case "destroy" -> {
            List<Void> ignored = new ArrayList<>();
            RoleIo.say("DESTROYED " + pipelined(controllers, AVSessionController::destroy, ignored));
          }
          default -> RoleIo.say("ERROR unknown command " + line);
        }
      }
    }
  }
}
