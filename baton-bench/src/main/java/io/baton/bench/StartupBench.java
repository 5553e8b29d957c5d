package io.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Start-up costs a user feels: from starting the daemon's JVM to its ready line, and the wall time of one
 * {@code baton ls} (a fresh JVM that connects, lists and exits) against a daemon serving one session. Each is the
 * median of a few runs. {@code baton ls} is timed as users run it, through the {@code ./baton} launcher (fast-start
 * flags and the class-data archive; found through the system property {@code baton.root}, which {@code ./baton
 * bench} sets), and as a plain JVM with default flags; the reference is a bare JVM start ({@code java -version})
 * in the same run. The peer's equivalent, {@code playerctl -l}, is measured by the MPRIS benchmark.
 */
final class StartupBench {
  private StartupBench() {}

  /** Medians and the individual runs, in milliseconds. */
  record Result(double daemonReadyMs, List<Double> daemonRuns, double cliLsMs, List<Double> cliRuns,
      boolean viaLauncher, double plainJvmLsMs, double bareJvmMs) {}

  /** Starts the daemon {@code runs} times, and runs {@code baton ls} {@code runs} times. */
  static Result run(Processes processes, Path dir, int runs) throws IOException, InterruptedException {
    List<Double> ready = new ArrayList<>();
    for (int i = 0; i < runs - 1; i++) {
      try (Daemon daemon = Daemon.start(processes, dir.resolve("daemon-" + i), "startup-daemon-" + i, Map.of())) {
        ready.add(daemon.readyMs());
      }
    }
    List<Double> ls = new ArrayList<>();
    List<Double> plainLs = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    Path launcher = launcher();
    // The last daemon started also serves the ls runs.
    try (Daemon daemon = Daemon.start(processes, dir.resolve("daemon-ls"), "startup-daemon-" + (runs - 1), Map.of());
        Processes.Child app = processes.role("startup-session", "session-app", daemon.socket(), 1)) {
      ready.add(daemon.readyMs());
      app.awaitLine("SESSION ", Daemon.READY_TIMEOUT);
      for (int i = 0; i < runs; i++) {
        // Interleaved, so that a burst of load on a shared machine hits all three alike.
        String socket = daemon.socket().toString();
        ls.add(launcher != null
            ? time(processes.start("startup-ls-" + i, List.of(launcher.toString(), "ls", "--socket", socket)))
            : timeCli(processes, "startup-ls-" + i, "ls", "--socket", socket));
        plainLs.add(time(processes.java("startup-plain-ls-" + i, "io.baton.cli.BatonCli",
            List.of("ls", "--socket", socket), List.of())));
        bare.add(time(processes.start("startup-bare-jvm-" + i, List.of(Processes.JAVA.toString(), "-version"))));
      }
      app.send("stop");
      app.waitFor(Duration.ofSeconds(30));
    }
    return new Result(Stats.median(ready), ready, Stats.median(ls), ls, launcher != null, Stats.median(plainLs),
        Stats.median(bare));
  }

  /** The {@code ./baton} launcher, when {@code baton.root} names a checkout with a built CLI. */
  private static Path launcher() {
    String root = System.getProperty("baton.root");
    if (root == null) {
      return null;
    }
    Path script = Paths.get(root, "baton");
    return Files.isExecutable(script) ? script : null;
  }

  /** Waits for {@code child} to exit successfully; @return its wall time in ms. */
  private static double time(Processes.Child child) throws IOException, InterruptedException {
    int exit = child.waitFor(Duration.ofSeconds(120));
    double ms = (System.nanoTime() - child.startNanos()) / 1e6;
    if (exit != 0) {
      throw new IOException(child + " exited with " + exit + ":\n" + child.stderrTail());
    }
    return ms;
  }

  /** Runs {@code baton ARGS} to completion; @return its wall time in ms. @throws IOException if it fails */
  static double timeCli(Processes processes, String name, String... args) throws IOException, InterruptedException {
    return time(processes.baton(name, args));
  }
}
