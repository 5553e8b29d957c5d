package io.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Event fan-out: one session publishes playback-state updates; N controllers (filter ALL on playback state), spread
 * over several controller processes, receive them.
 *
 * <ol>
 *   <li><b>Maximum sustained rate.</b> The publisher updates as fast as the daemon accepts (a window of outstanding
 *       calls) for a few seconds; the receivers count what reaches their listeners during that window (one delivery
 *       per controller). Events the daemon coalesced for a receiver that fell behind, or dropped because its outbox
 *       was full, are read from {@code baton dump} and reported, not hidden.
 *   <li><b>Latency at half that rate.</b> Each update carries its publish time, in epoch microseconds, as the
 *       position's elapsed time (its update time holds the epoch milliseconds, as a real player would); receivers
 *       subtract it from their own clock. Both processes read the same system clock ({@code CLOCK_REALTIME}) of
 *       the same machine, so the difference is meaningful; a clock step during the run would skew it (negative
 *       latencies are counted apart).
 *   <li><b>A stuck consumer.</b> One more controller process is frozen with SIGSTOP, so it stops reading its socket;
 *       the maximum-rate phase is run again. The others' throughput must stay up, and the daemon's memory bounded by
 *       the stuck client's outbox: daemon RSS and live heap (after a full GC) before and after, and the stuck
 *       client's {@code droppedEvents}.
 * </ol>
 */
final class FanOutBench {
  private FanOutBench() {}

  /** Outstanding publishes at full speed: enough to keep the daemon busy, few enough not to queue for long. */
  private static final int WINDOW = 16;
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(120);

  /**
   * What the fan-out phases measured. Event counts come from {@code baton dump}: {@code dropped} events were lost (a
   * full outbox), {@code coalesced} ones were merged into a later pending state for a client that fell behind (its
   * controllers got the newest state, not every intermediate one).
   */
  record Result(
      int controllers,
      int processes,
      int outboxCapacity,
      int warmupRounds,
      double phaseSeconds,
      double publishesPerSec,
      double deliveriesPerSec,
      long droppedAtMax,
      long coalescedAtMax,
      double latencyPublishesPerSec,
      long latencyDelivered,
      long latencyExpected,
      long latencyDropped,
      long latencyCoalesced,
      double latencyP50Ms,
      double latencyP99Ms,
      double latencyMaxMs,
      long negativeLatencies,
      double stuckDeliveriesPerSec,
      long stuckDropped,
      long stuckCoalesced,
      long stuckQueued,
      long rssBaselineKb,
      long rssBeforeStuckKb,
      long rssAfterStuckKb,
      long heapBeforeStuckBytes,
      long heapAfterStuckBytes) {}

  /**
   * Runs the three phases with {@code processes} controller processes of {@code perProcess} controllers each, each
   * phase lasting {@code phaseSeconds}. Before them, full-speed warm-up phases run until the delivery rate stops
   * climbing by more than 10 % (at most {@code maxWarmupRounds}): the JIT needs tens of seconds of this load on two
   * cores, and a cold daemon would be measured at a fraction of its rate. The stuck-consumer phase is repeated up to
   * {@code stuckRounds} times, until the daemon bounds the frozen client (coalesces or drops its events).
   */
  static Result run(Processes processes, Path dir, int processCount, int perProcess, double phaseSeconds,
      int outboxCapacity, int maxWarmupRounds, int stuckRounds) throws IOException, InterruptedException {
    int n = processCount * perProcess;
    long phaseMs = (long) (phaseSeconds * 1000);
    Map<String, Object> config = new HashMap<>(CommandRoundTripBench.CONFIG);
    config.put("outboxCapacity", outboxCapacity);
    try (Daemon daemon = Daemon.start(processes, dir.resolve("daemon"), "fanout-daemon", config);
        Processes.Child publisher = processes.role("fanout-publisher", "publisher", daemon.socket())) {
      String sessionId = publisher.awaitLine("SESSION ", Daemon.READY_TIMEOUT).substring("SESSION ".length());
      List<Processes.Child> receivers = new ArrayList<>();
      try {
        for (int i = 0; i < processCount; i++) {
          receivers.add(processes.role("fanout-controllers-" + i, "fanout-controllers", daemon.socket(), sessionId,
              perProcess));
        }
        for (Processes.Child r : receivers) {
          r.awaitLine("READY", REPLY_TIMEOUT);
        }
        // JIT warm-up of every process on the path; not recorded.
        int warmupRounds = 0;
        double previous = 0;
        while (warmupRounds < maxWarmupRounds) {
          warmupRounds++;
          reset(receivers);
          long w0 = System.nanoTime();
          publish(publisher, phaseMs, 0);
          double rate = count(receivers) / ((System.nanoTime() - w0) / 1e9);
          settle(receivers);
          BenchMain.log("  fanout warm-up round %d: %.0f deliveries/s", warmupRounds, rate);
          if (rate < previous * 1.10) {
            break;
          }
          previous = rate;
        }
        long rssBaseline = daemon.rssKb();

        // 1. Maximum sustained rate.
        Counters before = counters(daemon, receivers);
        reset(receivers);
        long t0 = System.nanoTime();
        Published max = publish(publisher, phaseMs, 0);
        long delivered = count(receivers);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double deliveriesPerSec = delivered / seconds;
        settle(receivers);
        Counters atMax = counters(daemon, receivers).minus(before);
        BenchMain.log("  fanout max phase: %d updates, %d deliveries in %.2f s; %d coalesced, %d dropped", max.count,
            delivered, seconds, atMax.coalesced, atMax.dropped);

        // 2. Latency at half the maximum rate.
        double latencyRate = Math.max(1, deliveriesPerSec / 2 / n);
        before = counters(daemon, receivers);
        reset(receivers);
        Published paced = publish(publisher, phaseMs, latencyRate);
        settle(receivers);
        LatencyHistogram histogram = new LatencyHistogram();
        for (Processes.Child r : receivers) {
          histogram.merge(r.ask("hist", "HIST ", REPLY_TIMEOUT).substring("HIST ".length()));
        }
        Counters atLatency = counters(daemon, receivers).minus(before);
        BenchMain.log("  fanout latency phase: %d updates at %.1f/s; %d coalesced, %d dropped", paced.count,
            latencyRate, atLatency.coalesced, atLatency.dropped);

        // 3. A stuck consumer.
        double stuckRate = 0;
        Counters stuckCounters;
        long rssBefore;
        long rssAfter;
        long heapBefore;
        long heapAfter;
        try (Processes.Child stuck = processes.role("fanout-stuck", "fanout-controllers", daemon.socket(),
            sessionId, perProcess)) {
          stuck.awaitLine("READY", REPLY_TIMEOUT);
          stuck.freeze();
          List<Processes.Child> frozen = List.of(stuck);
          // RSS shows what the OS sees, but the collector grows the heap with garbage; live data after a full GC
          // shows whether what the daemon keeps for the frozen client is bounded.
          heapBefore = daemon.heapAfterGcBytes();
          rssBefore = daemon.rssKb();
          // The frozen client first fills its socket buffer and HTTP/2 window; only then does the daemon coalesce or
          // drop its events. Publish until that has happened (at most a few phases), and take the throughput of the
          // last phase, when the daemon is bounding it.
          for (int round = 1; round <= stuckRounds; round++) {
            reset(receivers);
            long s0 = System.nanoTime();
            Published published = publish(publisher, phaseMs, 0);
            stuckRate = count(receivers) / ((System.nanoTime() - s0) / 1e9);
            Counters c = counters(daemon, frozen);
            BenchMain.log("  fanout frozen-client round %d: %d updates, %.0f deliveries/s to the others; frozen "
                + "client: %d coalesced, %d dropped, %d queued", round, published.count, stuckRate, c.coalesced,
                c.dropped, c.queued);
            if (c.coalesced + c.dropped > 0) {
              break;
            }
          }
          settle(receivers);
          rssAfter = daemon.rssKb();
          heapAfter = daemon.heapAfterGcBytes();
          stuckCounters = counters(daemon, frozen);
        }
        for (Processes.Child r : receivers) {
          r.send("stop");
        }
        for (Processes.Child r : receivers) {
          r.waitFor(Duration.ofSeconds(30));
        }
        publisher.send("stop");
        publisher.waitFor(Duration.ofSeconds(30));
        return new Result(n, processCount, outboxCapacity, warmupRounds, seconds, max.count / seconds,
            deliveriesPerSec, atMax.dropped, atMax.coalesced, latencyRate, histogram.count(), paced.count * n,
            atLatency.dropped, atLatency.coalesced, histogram.percentileMicros(0.50) / 1000,
            histogram.percentileMicros(0.99) / 1000, histogram.percentileMicros(1.0) / 1000,
            histogram.negativeCount(), stuckRate, stuckCounters.dropped, stuckCounters.coalesced,
            stuckCounters.queued, rssBaseline, rssBefore, rssAfter, heapBefore, heapAfter);
      } finally {
        // On the normal path they have exited already; after a failure they must not outlive the measurement.
        Processes.closeAll(receivers);
      }
    }
  }

  /** The daemon's event counters for some client processes, summed (from {@code baton dump}). */
  private record Counters(long dropped, long coalesced, long queued) {
    Counters minus(Counters earlier) {
      return new Counters(dropped - earlier.dropped, coalesced - earlier.coalesced, queued);
    }
  }

  private static Counters counters(Daemon daemon, List<Processes.Child> clients) throws IOException {
    JsonNode dump = daemon.dump();
    long dropped = 0;
    long coalesced = 0;
    long queued = 0;
    for (Processes.Child c : clients) {
      JsonNode client = Daemon.clientOf(dump, c.pid());
      if (client != null) {
        dropped += client.path("droppedEvents").asLong();
        coalesced += client.path("coalescedEvents").asLong();
        queued += client.path("queuedEvents").asLong();
      }
    }
    return new Counters(dropped, coalesced, queued);
  }

  private record Published(long count, long errors) {}

  /** Tells the publisher to publish for {@code ms} at {@code rate} per second (0: as fast as it can). */
  private static Published publish(Processes.Child publisher, long ms, double rate)
      throws IOException, InterruptedException {
    String[] f = publisher.ask("run " + ms + " " + rate + " " + WINDOW, "PUBLISHED ", REPLY_TIMEOUT).split(" ");
    Published p = new Published(Long.parseLong(f[1]), Long.parseLong(f[2]));
    if (p.errors > 0) {
      throw new IOException(p.errors + " of " + p.count + " publishes failed; publisher stderr:\n"
          + publisher.stderrTail());
    }
    return p;
  }

  private static void reset(List<Processes.Child> receivers) throws IOException, InterruptedException {
    for (Processes.Child r : receivers) {
      r.send("reset");
    }
    for (Processes.Child r : receivers) {
      r.awaitLine("OK", REPLY_TIMEOUT);
    }
  }

  private static long count(List<Processes.Child> receivers) throws IOException, InterruptedException {
    for (Processes.Child r : receivers) {
      r.send("count");
    }
    long total = 0;
    for (Processes.Child r : receivers) {
      total += Long.parseLong(r.awaitLine("COUNT ", REPLY_TIMEOUT).substring("COUNT ".length()));
    }
    return total;
  }

  /** Waits until the receivers' counts stop moving (what was queued has arrived), at most 10 s. */
  private static void settle(List<Processes.Child> receivers) throws IOException, InterruptedException {
    long last = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      long now = count(receivers);
      if (now == last) {
        return;
      }
      last = now;
      Thread.sleep(200);
    }
  }

  /** Epoch microseconds from the system clock (same clock in every process of this machine). */
  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /**
   * {@code role publisher SOCKET}: one active session; prints {@code SESSION <id>}, then obeys
   * {@code run MS RATE WINDOW} (publish for MS ms at RATE per second, 0 meaning as fast as the daemon accepts with at
   * most WINDOW calls outstanding; replies {@code PUBLISHED <count> <errors> <elapsedNanos>}) until {@code stop}.
   */
  static void publisherMain(String[] args) throws IOException, InterruptedException {
    Path socket = Paths.get(args[0]);
    try (AVSessionManager manager = AVSessionManager.builder().socket(socket).appId("baton.bench.publisher")
        .callbackExecutor(Runnable::run).connect()) {
      AVSession session = manager.createSession("fanout", AVSessionType.AUDIO).join();
      session.setAVMetadata(AVMetadata.builder().setAssetId("fanout").setTitle("Fan-out").build()).join();
      session.activate().join();
      RoleIo.say("SESSION " + session.getSessionId());
      for (String line; (line = RoleIo.next()) != null && !line.equals("stop"); ) {
        String[] f = line.split(" ");
        if (f[0].equals("run")) {
          RoleIo.say(publish(session, Long.parseLong(f[1]), Double.parseDouble(f[2]), Integer.parseInt(f[3])));
        }
      }
    }
  }

  private static String publish(AVSession session, long ms, double rate, int window) throws InterruptedException {
    Semaphore permits = new Semaphore(window);
    LongAdder errors = new LongAdder();
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(ms);
    long count = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        break;
      }
      if (rate > 0) {
        long due = start + (long) (count * 1e9 / rate);
        if (due > now) {
          LockSupport.parkNanos(Math.min(due, end) - now);
          continue;
        }
      }
      permits.acquire();
      AVPlaybackState state = AVPlaybackState.builder()
          .setState(PlaybackState.PLAY)
          .setPosition(new PlaybackPosition(epochMicros(), System.currentTimeMillis()))
          .build();
      session.setAVPlaybackState(state).whenComplete((v, t) -> {
        if (t != null) {
          errors.increment();
        }
        permits.release();
      });
      count++;
    }
    if (!permits.tryAcquire(window, 60, TimeUnit.SECONDS)) {
      errors.add(window);
    }
    permits.release(window);
    return "PUBLISHED " + count + " " + errors.sum() + " " + (System.nanoTime() - start);
  }

  /**
   * {@code role fanout-controllers SOCKET SESSION COUNT}: COUNT controllers of SESSION on one connection, each with
   * playback-state filter ALL, counting deliveries and their latency; prints {@code READY}, then answers
   * {@code reset} ({@code OK}), {@code count} ({@code COUNT <n>}) and {@code hist} ({@code HIST <histogram>}) until
   * {@code stop}.
   */
  static void controllersMain(String[] args) throws IOException {
    Path socket = Paths.get(args[0]);
    String sessionId = args[1];
    int count = Integer.parseInt(args[2]);
    LongAdder delivered = new LongAdder();
    LatencyHistogram latency = new LatencyHistogram();
    AVSessionController.Listener listener = new AVSessionController.Listener() {
      @Override
      public void onPlaybackStateChange(AVPlaybackState state) {
        delivered.increment();
        PlaybackPosition position = state.position();
        if (position != null) {
          latency.record(epochMicros() - position.elapsedTimeMs());
        }
      }
    };
    try (AVSessionManager manager = AVSessionManager.builder().socket(socket).appId("baton.bench.receiver")
        .callbackExecutor(Runnable::run).connect()) {
      List<CompletableFuture<AVSessionController>> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        created.add(manager.createController(sessionId));
      }
      List<CompletableFuture<Void>> filtered = new ArrayList<>();
      for (CompletableFuture<AVSessionController> f : created) {
        AVSessionController controller = f.join();
        controller.addListener(listener);
        filtered.add(controller.setPlaybackStateFilter(EventFilter.ALL));
      }
      CompletableFuture.allOf(filtered.toArray(CompletableFuture[]::new)).join();
      RoleIo.say("READY " + count);
      for (String line; (line = RoleIo.next()) != null && !line.equals("stop"); ) {
        switch (line) {
          case "reset" -> {
            delivered.reset();
            latency.reset();
            RoleIo.say("OK");
          }
          case "count" -> RoleIo.say("COUNT " + delivered.sum());
          case "hist" -> RoleIo.say("HIST " + latency.encode());
          default -> RoleIo.say("ERROR unknown command " + line);
        }
      }
    }
  }
}
