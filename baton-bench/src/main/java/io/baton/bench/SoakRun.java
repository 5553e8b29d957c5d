package io.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.EventFilter;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak: a real daemon under mixed traffic for a while (sessions created and destroyed, commands, playback
 * updates, watchers joining and leaving with their own connections), with the daemon's heap after a full GC and its
 * thread count sampled every 10 s. Growth of either means a leak. {@code ./baton soak [--minutes N]} runs it in full
 * (10 minutes by default); {@code SoakTest} runs it for a minute in {@code ./baton test}.
 */
final class SoakRun {
  private SoakRun() {}

  /** One sample: seconds since the start, live heap after a full GC (bytes), daemon threads. */
  record Sample(long seconds, long heapBytes, int threads) {}

  /** What the run did and saw. */
  record Result(List<Sample> samples, long sessionsCreated, long commandsSent, long commandsFailed,
      long watchersJoined, long updatesPublished, JsonNode finalDump) {
    /** The first sample after warm-up (the second one), the reference for growth. */
    Sample baseline() {
      return samples.get(Math.min(1, samples.size() - 1));
    }

    Sample last() {
      return samples.get(samples.size() - 1);
    }
  }

  /** {@code SoakRun [--minutes N] [--out DIR]}. */
  public static void main(String[] args) throws Exception {
    double minutes = 10;
    Path out = Paths.get("bench/results");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--minutes" -> minutes = Double.parseDouble(args[++i]);
        case "--out" -> out = Paths.get(args[++i]);
        default -> {
          System.err.println("usage: baton soak [--minutes N] [--out DIR]");
          System.exit(2);
        }
      }
    }
    Path work = Files.createTempDirectory("baton-soak");
    Result r;
    try (Processes processes = new Processes(Files.createDirectories(work.resolve("logs")))) {
      r = run(processes, work, Duration.ofSeconds((long) (minutes * 60)), Duration.ofSeconds(10));
    }
    StringBuilder md = new StringBuilder("# Baton soak: " + minutes + " min of mixed traffic\n\n")
        .append("| Seconds | Heap after GC (KiB) | Threads |\n|---|---|---|\n");
    for (Sample s : r.samples()) {
      md.append("| ").append(s.seconds()).append(" | ").append(s.heapBytes() / 1024).append(" | ")
          .append(s.threads()).append(" |\n");
    }
    md.append("\nSessions created: ").append(r.sessionsCreated()).append("; commands sent: ").append(r.commandsSent())
        .append(" (").append(r.commandsFailed()).append(" refused by the rate limit or racing a destroy)")
        .append("; watchers joined and left: ").append(r.watchersJoined()).append("; playback updates: ")
        .append(r.updatesPublished()).append(".\n");
    Files.createDirectories(out);
    Files.writeString(out.resolve("soak.md"), md);
    System.out.print(md);
    System.out.println(verdict(r) == null ? "no growth" : "GROWTH: " + verdict(r));
    System.exit(verdict(r) == null ? 0 : 1);
  }

  /** Null when neither heap nor threads grew past the baseline (with a small allowance), else what grew. */
  static String verdict(Result r) {
    Sample base = r.baseline();
    Sample last = r.last();
    long heapAllowance = Math.max(4L << 20, base.heapBytes() / 4);
    if (last.heapBytes() > base.heapBytes() + heapAllowance) {
      return "heap " + base.heapBytes() + " -> " + last.heapBytes() + " bytes";
    }
    if (last.threads() > base.threads() + 2) {
      return "threads " + base.threads() + " -> " + last.threads();
    }
    return null;
  }

  /** Runs the traffic against a new daemon for {@code duration}, sampling every {@code every}. */
  static Result run(Processes processes, Path dir, Duration duration, Duration every) throws Exception {
    try (Daemon daemon = Daemon.start(processes, dir.resolve("daemon"), "soak-daemon", Map.of())) {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong sessionsCreated = new AtomicLong();
      AtomicLong commandsSent = new AtomicLong();
      AtomicLong commandsFailed = new AtomicLong();
      AtomicLong watchersJoined = new AtomicLong();
      AtomicLong updates = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      try (AVSessionManager player = daemon.connect("baton.soak.player");
          AVSessionManager remote = daemon.connect("baton.soak.remote")) {
        AVSession main = player.createSession("main", AVSessionType.AUDIO).get(30, TimeUnit.SECONDS);
        main.addCommandHandler(AVControlCommandType.PLAY, c -> {});
        main.addCommandHandler(AVControlCommandType.PAUSE, c -> {});
        main.activate().get(30, TimeUnit.SECONDS);
        AVSessionController controller = remote.createController(main.getSessionId()).get(30, TimeUnit.SECONDS);
        threads.add(loop("soak-churn", running, () -> {
          AVSession s = player.createSession("churn", AVSessionType.VIDEO).get(30, TimeUnit.SECONDS);
          sessionsCreated.incrementAndGet();
          s.setAVMetadata(AVMetadata.builder().setAssetId("a" + sessionsCreated.get()).setTitle("Churn").build())
              .get(30, TimeUnit.SECONDS);
          s.activate().get(30, TimeUnit.SECONDS);
          s.destroy().get(30, TimeUnit.SECONDS);
          Thread.sleep(50);
        }));
        threads.add(loop("soak-commands", running, () -> {
          try {
            controller.sendControlCommand(commandsSent.incrementAndGet() % 2 == 0 ? AVControlCommand.play()
                : AVControlCommand.pause()).get(30, TimeUnit.SECONDS);
          } catch (Exception e) {
            commandsFailed.incrementAndGet();
          }
          Thread.sleep(150); // Under the default rate limit of 10 per second.
        }));
        threads.add(loop("soak-updates", running, () -> {
          main.setAVPlaybackState(AVPlaybackState.builder().setState(PlaybackState.PLAY)
              .setPosition(new PlaybackPosition(updates.incrementAndGet() * 20, System.currentTimeMillis()))
              .build()).get(30, TimeUnit.SECONDS);
          Thread.sleep(20);
        }));
        threads.add(loop("soak-watchers", running, () -> {
          try (AVSessionManager watcher = daemon.connect("baton.soak.watcher")) {
            AVSessionController c = watcher.createController(main.getSessionId()).get(30, TimeUnit.SECONDS);
            c.setPlaybackStateFilter(EventFilter.ALL).get(30, TimeUnit.SECONDS);
            c.addListener(new AVSessionController.Listener() {});
            watchersJoined.incrementAndGet();
            Thread.sleep(300);
          }
        }));
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (true) {
          long now = System.nanoTime();
          samples.add(new Sample(TimeUnit.NANOSECONDS.toSeconds(now - start), daemon.heapAfterGcBytes(),
              Processes.threadCount(daemon.pid())));
          if (now >= end) {
            break;
          }
          Thread.sleep(Math.min(every.toMillis(), TimeUnit.NANOSECONDS.toMillis(end - now) + 1));
        }
        running.set(false);
        for (Thread t : threads) {
          t.join(60_000);
        }
        return new Result(samples, sessionsCreated.get(), commandsSent.get(), commandsFailed.get(),
            watchersJoined.get(), updates.get(), daemon.dump());
      } finally {
        running.set(false);
      }
    }
  }

  /** A body that may throw. */
  private interface Step {
    void run() throws Exception;
  }

  /** Runs {@code step} until {@code running} turns false; a failing step is logged and the loop goes on. */
  private static Thread loop(String name, AtomicBoolean running, Step step) {
    Thread t = new Thread(() -> {
      while (running.get()) {
        try {
          step.run();
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          System.err.println(name + ": " + e);
        }
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
