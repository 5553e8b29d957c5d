package io.baton.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Start-up costs a user feels: from starting the daemon's JVM to its ready line, and the wall time of one
 * {@code baton ls} (a fresh JVM that connects, lists and exits) against a daemon serving one session. Each is the
 * median of a few runs. The peer's equivalent, {@code playerctl -l}, is measured by the MPRIS benchmark.
 */
final class StartupBench {
  private StartupBench() {}

  /** Medians and the individual runs, in milliseconds. */
  record Result(double daemonReadyMs, List<Double> daemonRuns, double cliLsMs, List<Double> cliRuns) {}

  /** Starts the daemon {@code runs} times, and runs {@code baton ls} {@code runs} times. */
  static Result run(Processes processes, Path dir, int runs) throws IOException, InterruptedException {
    List<Double> ready = new ArrayList<>();
    for (int i = 0; i < runs - 1; i++) {
      try (Daemon daemon = Daemon.start(processes, dir.resolve("daemon-" + i), "startup-daemon-" + i, Map.of())) {
        ready.add(daemon.readyMs());
      }
    }
    List<Double> ls = new ArrayList<>();
    // The last daemon started also serves the ls runs.
    try (Daemon daemon = Daemon.start(processes, dir.resolve("daemon-ls"), "startup-daemon-" + (runs - 1), Map.of());
        Processes.Child app = processes.role("startup-session", "session-app", daemon.socket(), 1)) {
      ready.add(daemon.readyMs());
      app.awaitLine("SESSION ", Daemon.READY_TIMEOUT);
      for (int i = 0; i < runs; i++) {
        ls.add(timeCli(processes, "startup-ls-" + i, "ls", "--socket", daemon.socket().toString()));
      }
      app.send("stop");
      app.waitFor(Duration.ofSeconds(30));
    }
    return new Result(Stats.median(ready), ready, Stats.median(ls), ls);
  }

  /** Runs {@code baton ARGS} to completion; @return its wall time in ms. @throws IOException if it fails */
  static double timeCli(Processes processes, String name, String... args) throws IOException, InterruptedException {
    Processes.Child cli = processes.baton(name, args);
    int exit = cli.waitFor(Duration.ofSeconds(120));
    double ms = (System.nanoTime() - cli.startNanos()) / 1e6;
    if (exit != 0) {
      throw new IOException("baton " + String.join(" ", args) + " exited with " + exit + ":\n" + cli.stderrTail());
    }
    return ms;
  }
}
