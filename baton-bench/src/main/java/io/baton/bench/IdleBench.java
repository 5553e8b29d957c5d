package io.baton.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The idle cost: the daemon's CPU use and resident memory while 10 sessions exist and nothing happens, from
 * {@code /proc/<pid>/stat} (utime + stime) over the measured interval. An idle daemon should be asleep: any timer that
 * wakes it shows up here.
 */
final class IdleBench {
  private IdleBench() {}

  /** The idle sessions, as a typical desktop would have at most. */
  static final int SESSIONS = 10;

  /** CPU in percent of one core, RSS in KiB. */
  record Result(double cpuPercent, long rssKb, double seconds) {}

  /** Measures over {@code seconds} after the sessions are set up and the daemon has settled. */
  static Result run(Processes processes, Path dir, double seconds) throws IOException, InterruptedException {
    try (Daemon daemon = Daemon.start(processes, dir.resolve("daemon"), "idle-daemon", Map.of());
        Processes.Child app = processes.role("idle-sessions", "session-app", daemon.socket(), SESSIONS)) {
      for (int i = 0; i < SESSIONS; i++) {
        app.awaitLine("SESSION ", Daemon.READY_TIMEOUT);
      }
      // Let start-up work (JIT compilation, class loading, the first GC) finish before measuring.
      Thread.sleep(1000);
      long ticks0 = Processes.cpuTicks(daemon.pid());
      long t0 = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      long ticks1 = Processes.cpuTicks(daemon.pid());
      double elapsed = (System.nanoTime() - t0) / 1e9;
      long rss = daemon.rssKb();
      app.send("stop");
      app.waitFor(Duration.ofSeconds(30));
      double cpu = (ticks1 - ticks0) / (double) clockTicksPerSecond() / elapsed * 100;
      return new Result(cpu, rss, elapsed);
    }
  }

  /** {@code getconf CLK_TCK}, the unit of /proc's CPU times; 100 when it cannot be read. */
  static long clockTicksPerSecond() {
    try {
      return Long.parseLong(Processes.run(List.of("getconf", "CLK_TCK"), Duration.ofSeconds(10)).trim());
    } catch (IOException | NumberFormatException e) {
      return 100;
    }
  }
}
