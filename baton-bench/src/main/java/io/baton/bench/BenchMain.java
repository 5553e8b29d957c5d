package io.baton.bench;

import io.baton.bench.mpris.MprisPeerBench;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./baton bench [--quick | --smoke] [--out DIR] [--only NAME,...]}: runs every measurement (or the named ones)
 * and writes {@code latest.md}, {@code latest.json} and {@code command_rtt.svg} into DIR (default
 * {@code bench/results}). {@code --quick} takes under 2 minutes, the full run about 5 on two cores (under 15);
 * {@code --smoke} only checks the harness (tiny sizes, no JMH).
 *
 * <p>Also the entry point of the benchmark's child processes: {@code BenchMain role NAME ARGS...} runs one role
 * (the floor's server and client, a session app, controllers, a publisher…) and exits.
 *
 * <h2>What runs</h2>
 * In order: the raw Unix-socket floor, the command round trip, the MPRIS reference, fan-out, scale, start-up, idle,
 * the MQTT fleet (not in {@code --smoke}; see {@link MqttBench}) and the JMH micro-benchmarks. A measurement that fails is recorded as {@code <name>_error} and the run goes on, so
 * one broken part never hides the others. Every process started is stopped by PID before the run ends.
 */
public final class BenchMain {
  private BenchMain() {}

  /**
   * The sizes of one run.
   *
   * @param mode {@code full}, {@code quick} or {@code smoke}
   * @param jmhIterations 0 to skip the micro-benchmarks
   */
  record Sizes(
      String mode,
      int floorWarmup,
      int floorRoundTrips,
      int commandWarmup,
      int commandRoundTrips,
      int mprisCalls,
      int fanoutProcesses,
      int fanoutPerProcess,
      double fanoutSeconds,
      int fanoutWarmupRounds,
      int fanoutStuckRounds,
      int outboxCapacity,
      int scaleSessions,
      int scaleControllers,
      int scaleCliRuns,
      int startupRuns,
      double idleSeconds,
      int jmhWarmups,
      int jmhIterations) {

    /** Under 15 minutes on a 2-core machine. */
    static final Sizes FULL = new Sizes("full", 5_000, 20_000, 30_000, 20_000, 2_000, 4, 250, 5, 8, 5, 4096, 10_000,
        100_000, 3, 5, 30, 2, 3);
    /** Under 2 minutes on a 2-core machine. */
    static final Sizes QUICK = new Sizes("quick", 2_000, 2_000, 8_000, 2_000, 500, 4, 250, 2, 3, 2, 4096, 1_000, 10_000,
        1, 3, 5, 1, 2);
    /** For the smoke test: every code path, tiny sizes, no JMH. */
    static final Sizes SMOKE = new Sizes("smoke", 100, 200, 100, 200, 50, 2, 10, 1, 1, 1, 4096, 50, 200, 1, 1, 1, 0, 0);
  }

  /** Runs the benchmark, or one child role. */
  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("role")) {
      int status = 0;
      try {
        runRole(args[1], Arrays.copyOfRange(args, 2, args.length));
      } catch (Throwable t) {
        t.printStackTrace();
        status = 1;
      }
      // SDK and gRPC threads must not keep a finished role alive.
      System.exit(status);
    }
    Sizes sizes = Sizes.FULL;
    Path out = Paths.get("bench", "results");
    Set<String> only = Set.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> sizes = Sizes.QUICK;
        case "--smoke" -> sizes = Sizes.SMOKE;
        case "--only" -> only = Set.of(args[++i].split(","));
        case "--out" -> out = Paths.get(args[++i]);
        case "-h", "--help" -> {
          System.out.println("usage: baton bench [--quick | --smoke] [--out DIR] [--only NAME,...]\n"
              + "  NAME: floor, grpc, command, mpris, fanout, scale, startup, idle, jmh, mqtt");
          return;
        }
        default -> {
          System.err.println("baton bench: unknown argument " + args[i]
              + "\nusage: baton bench [--quick | --smoke] [--out DIR] [--only NAME,...]");
          System.exit(2);
        }
      }
    }
    long t0 = System.nanoTime();
    Map<String, Object> results = run(sizes, out, only);
    System.err.printf(Locale.ROOT, "[bench] done in %.0f s; wrote %s%n", (System.nanoTime() - t0) / 1e9,
        out.resolve("latest.md"));
    System.out.print(Report.markdown(results));
    System.exit(0);
  }

  private static void runRole(String role, String[] args) throws Exception {
    switch (role) {
      case "floor-server" -> FloorBench.serverMain(args);
      case "floor-client" -> FloorBench.clientMain(args);
      case "grpc-hop-server" -> GrpcHopBench.serverMain(args);
      case "grpc-hop-client" -> GrpcHopBench.clientMain(args);
      case "session-app" -> CommandRoundTripBench.sessionAppMain(args);
      case "rtt-controller" -> CommandRoundTripBench.controllerMain(args);
      case "publisher" -> FanOutBench.publisherMain(args);
      case "fanout-controllers" -> FanOutBench.controllersMain(args);
      case "scale-sessions" -> ScaleBench.sessionsMain(args);
      case "scale-controllers" -> ScaleBench.controllersMain(args);
      case "mqtt-devices" -> MqttBench.devicesMain(args);
      case "mqtt-echo" -> MqttBench.echoMain(args);
      default -> throw new IllegalArgumentException("unknown role " + role);
    }
  }

  /** Runs a named measurement unless {@code --only} leaves it out; false when it failed. */
  @FunctionalInterface
  private interface Measurement {
    boolean run(String name, Step body);
  }

  /** Something a measurement does, which may fail. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  /**
   * Runs every measurement at {@code sizes} in a temporary directory and writes the report into {@code out}.
   *
   * @return the flat results, as written to {@code latest.json}
   */
  static Map<String, Object> run(Sizes sizes, Path out, Set<String> only) throws IOException {
    Map<String, Object> r = new LinkedHashMap<>();
    Measurement measure = (name, body) -> !only.isEmpty() && !only.contains(name) || step(r, name, body);
    r.put("machine", Machine.describe(sizes.mode()));
    // Socket paths must stay under 108 bytes: a short temporary directory.
    Path work = Files.createTempDirectory(Paths.get("/tmp"), "baton-bench-");
    long[][] commandSamples = {new long[0]};
    boolean failed = false;
    try (Processes processes = new Processes(work.resolve("logs"))) {
      // Ctrl-C ends the JVM without unwinding this block: stop the children (by PID) from a shutdown hook too. The
      // daemons do not read stdin, so they would otherwise outlive an interrupted run.
      Thread cleanup = new Thread(processes::close, "bench-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        failed |= !measure.run("floor", () -> {
          RoundTrips floor = FloorBench.run(processes, work.resolve("floor"), sizes.floorWarmup(),
              sizes.floorRoundTrips());
          r.put("floor_rtt_us_p50", round(floor.p50Micros(), 1));
          r.put("floor_rtt_us_p99", round(floor.p99Micros(), 1));
          r.put("floor_round_trips", floor.sortedNanos().length);
          log("floor: p50 %.1f µs, p99 %.1f µs", floor.p50Micros(), floor.p99Micros());
        });
        failed |= !measure.run("grpc", () -> {
          RoundTrips hop = GrpcHopBench.run(processes, work.resolve("grpc"), sizes.floorWarmup(),
              sizes.floorRoundTrips());
          r.put("grpc_hop_rtt_us_p50", round(hop.p50Micros(), 1));
          r.put("grpc_hop_rtt_us_p99", round(hop.p99Micros(), 1));
          log("grpc hop: p50 %.1f µs, p99 %.1f µs", hop.p50Micros(), hop.p99Micros());
        });
        failed |= !measure.run("command", () -> {
          RoundTrips cmd = CommandRoundTripBench.run(processes, work.resolve("command"),
              sizes.commandWarmup(), sizes.commandRoundTrips());
          commandSamples[0] = cmd.sortedNanos();
          r.put("command_rtt_us_p50", round(cmd.p50Micros(), 1));
          r.put("command_rtt_us_p99", round(cmd.p99Micros(), 1));
          r.put("command_rtt_us_p999", round(Stats.percentileMicros(cmd.sortedNanos(), 0.999), 1));
          r.put("command_round_trips", cmd.sortedNanos().length);
          log("command: p50 %.1f µs, p99 %.1f µs", cmd.p50Micros(), cmd.p99Micros());
        });
        failed |= !measure.run("remote", () -> {
          RoundTrips remote = RemoteCommandBench.run(processes, work.resolve("remote"),
              sizes.commandWarmup(), sizes.commandRoundTrips() / 2);
          r.put("remote_command_rtt_us_p50", round(remote.p50Micros(), 1));
          r.put("remote_command_rtt_us_p99", round(remote.p99Micros(), 1));
          r.put("remote_command_round_trips", remote.sortedNanos().length);
          log("remote command: p50 %.1f µs, p99 %.1f µs", remote.p50Micros(), remote.p99Micros());
        });
        ratio(r, "remote_command_p50_vs_command", "remote_command_rtt_us_p50", "command_rtt_us_p50");
        ratio(r, "command_p50_vs_floor", "command_rtt_us_p50", "floor_rtt_us_p50");
        ratio(r, "command_p99_vs_floor", "command_rtt_us_p99", "floor_rtt_us_p99");
        ratio(r, "grpc_hop_p50_vs_floor", "grpc_hop_rtt_us_p50", "floor_rtt_us_p50");
        ratio(r, "command_p50_vs_grpc_hop", "command_rtt_us_p50", "grpc_hop_rtt_us_p50");
        failed |= !measure.run("mpris", () -> {
          MprisPeerBench.Result m = MprisPeerBench.measure(sizes.mprisCalls(), work.resolve("mpris"));
          r.put("mpris_available", m.available());
          r.put("mpris_unavailable_reason", m.available() ? null : m.unavailableReason());
          r.put("mpris_playpause_us_p50", round(m.playPauseP50Us(), 1));
          r.put("mpris_playpause_us_p99", round(m.playPauseP99Us(), 1));
          r.put("mpris_get_us_p50", round(m.getPositionP50Us(), 1));
          r.put("mpris_get_us_p99", round(m.getPositionP99Us(), 1));
          r.put("mpris_calls", m.calls());
          r.put("playerctl_ms", round(m.playerctlListMs(), 1));
          r.put("true_baseline_ms", round(m.trueBaselineMs(), 2));
          log("mpris: %s", m.available() ? String.format(Locale.ROOT, "PlayPause p50 %.1f µs, Get p50 %.1f µs, "
              + "playerctl -l %.1f ms", m.playPauseP50Us(), m.getPositionP50Us(), m.playerctlListMs())
              : "unavailable: " + m.unavailableReason());
        });
        ratio(r, "mpris_vs_baton_p50", "mpris_playpause_us_p50", "command_rtt_us_p50");
        failed |= !measure.run("fanout", () -> {
          FanOutBench.Result f = FanOutBench.run(processes, work.resolve("fanout"), sizes.fanoutProcesses(),
              sizes.fanoutPerProcess(), sizes.fanoutSeconds(), sizes.outboxCapacity(), sizes.fanoutWarmupRounds(),
              sizes.fanoutStuckRounds());
          r.put("fanout_controllers", f.controllers());
          r.put("fanout_processes", f.processes());
          r.put("fanout_per_process", f.controllers() / f.processes());
          r.put("fanout_outbox_capacity", f.outboxCapacity());
          r.put("fanout_warmup_rounds", f.warmupRounds());
          r.put("fanout_phase_s", round(f.phaseSeconds(), 2));
          r.put("fanout_publishes_per_s", round(f.publishesPerSec(), 1));
          r.put("fanout_deliveries_per_s", round(f.deliveriesPerSec(), 0));
          r.put("fanout_dropped_at_max", f.droppedAtMax());
          r.put("fanout_coalesced_at_max", f.coalescedAtMax());
          r.put("fanout_latency_publishes_per_s", round(f.latencyPublishesPerSec(), 1));
          r.put("fanout_latency_delivered", f.latencyDelivered());
          r.put("fanout_latency_expected", f.latencyExpected());
          r.put("fanout_latency_dropped", f.latencyDropped());
          r.put("fanout_latency_coalesced", f.latencyCoalesced());
          r.put("fanout_p50_ms", round(f.latencyP50Ms(), 3));
          r.put("fanout_p99_ms", round(f.latencyP99Ms(), 3));
          r.put("fanout_max_ms", round(f.latencyMaxMs(), 3));
          r.put("fanout_negative_latencies", f.negativeLatencies());
          r.put("fanout_with_stuck_deliveries_per_s", round(f.stuckDeliveriesPerSec(), 0));
          r.put("stuck_dropped_events", f.stuckDropped());
          r.put("stuck_coalesced_events", f.stuckCoalesced());
          r.put("stuck_queued_events", f.stuckQueued());
          r.put("daemon_rss_fanout_baseline_kb", f.rssBaselineKb());
          r.put("daemon_rss_before_stuck_kb", f.rssBeforeStuckKb());
          r.put("daemon_rss_after_stuck_kb", f.rssAfterStuckKb());
          r.put("daemon_heap_before_stuck_bytes", f.heapBeforeStuckBytes());
          r.put("daemon_heap_after_stuck_bytes", f.heapAfterStuckBytes());
          r.put("fanout_stuck_throughput_ratio", f.deliveriesPerSec() > 0
              ? round(f.stuckDeliveriesPerSec() / f.deliveriesPerSec(), 2) : null);
          log("fanout: %.0f deliveries/s (%d coalesced, %d dropped), p99 %.2f ms at half rate; with a frozen client "
              + "%.0f/s, %d coalesced and %d dropped for it, daemon live heap %d → %d KiB", f.deliveriesPerSec(),
              f.coalescedAtMax(), f.droppedAtMax(), f.latencyP99Ms(), f.stuckDeliveriesPerSec(), f.stuckCoalesced(),
              f.stuckDropped(), f.heapBeforeStuckBytes() / 1024, f.heapAfterStuckBytes() / 1024);
        });
        failed |= !measure.run("scale", () -> {
          ScaleBench.Result s = ScaleBench.run(processes, work.resolve("scale"), sizes.scaleSessions(),
              sizes.scaleControllers(), sizes.scaleCliRuns());
          r.put("scale_sessions", s.sessions());
          r.put("scale_controllers", s.controllers());
          r.put("scale_heap_baseline_bytes", s.heapBaselineBytes());
          r.put("scale_heap_sessions_bytes", s.heapSessionsBytes());
          r.put("scale_heap_controllers_bytes", s.heapControllersBytes());
          r.put("scale_heap_after_destroy_bytes", s.heapAfterDestroyBytes());
          r.put("scale_rss_baseline_kb", s.rssBaselineKb());
          r.put("scale_rss_sessions_kb", s.rssSessionsKb());
          r.put("scale_rss_controllers_kb", s.rssControllersKb());
          boolean heap = s.heapBaselineBytes() >= 0 && s.heapSessionsBytes() >= 0 && s.heapControllersBytes() >= 0;
          r.put("scale_bytes_per_session", heap ? round(s.bytesPerSession(), 0) : null);
          r.put("scale_bytes_per_controller", heap ? round(s.bytesPerController(), 0) : null);
          r.put("scale_session_create_per_s", round(s.sessionCreatePerSec(), 0));
          r.put("scale_session_destroy_per_s", round(s.sessionDestroyPerSec(), 0));
          r.put("scale_controller_create_per_s", round(s.controllerCreatePerSec(), 0));
          r.put("scale_controller_destroy_per_s", round(s.controllerDestroyPerSec(), 0));
          r.put("ls_sessions", s.sdkLsCount());
          r.put("ls_10k_ms", round(s.sdkLsMs(), 1));
          r.put("cli_ls_10k_ms", round(s.cliLsMs(), 1));
          r.put("cli_ls_10k_runs", sizes.scaleCliRuns());
          log("scale: %d sessions, %d controllers: %.0f B/session, %.0f B/controller, ls %.1f ms (CLI %.0f ms)",
              s.sessions(), s.controllers(), s.bytesPerSession(), s.bytesPerController(), s.sdkLsMs(), s.cliLsMs());
        });
        failed |= !measure.run("startup", () -> {
          StartupBench.Result s = StartupBench.run(processes, work.resolve("startup"), sizes.startupRuns());
          r.put("startup_runs", sizes.startupRuns());
          r.put("daemon_ready_ms", round(s.daemonReadyMs(), 1));
          r.put("cli_ls_ms", round(s.cliLsMs(), 1));
          r.put("cli_ls_via", s.viaLauncher() ? "./baton launcher (fast-start flags, class-data archive)"
              : "plain JVM (no launcher found: baton.root unset)");
          r.put("cli_ls_plain_jvm_ms", round(s.plainJvmLsMs(), 1));
          r.put("bare_jvm_start_ms", round(s.bareJvmMs(), 1));
          r.put("cli_ls_vs_bare_jvm", round(s.cliLsMs() / s.bareJvmMs(), 2));
          log("startup: daemon ready %.0f ms %s, baton ls %.0f ms %s (plain JVM %.0f ms, bare JVM %.0f ms)",
              s.daemonReadyMs(), s.daemonRuns(), s.cliLsMs(), s.cliRuns(), s.plainJvmLsMs(), s.bareJvmMs());
        });
        failed |= !measure.run("idle", () -> {
          IdleBench.Result i = IdleBench.run(processes, work.resolve("idle"), sizes.idleSeconds());
          r.put("idle_sessions", IdleBench.SESSIONS);
          r.put("idle_seconds", round(i.seconds(), 1));
          r.put("idle_cpu_percent", round(i.cpuPercent(), 3));
          r.put("idle_rss_kb", i.rssKb());
          log("idle: %.2f %% CPU, RSS %d KiB", i.cpuPercent(), i.rssKb());
        });
        // 100 devices × 10 sessions is no smoke test: the smoke run leaves the MQTT fleet out.
        if (!sizes.mode().equals("smoke")) {
          failed |= !measure.run("mqtt", () -> {
            MqttBench.Result m = MqttBench.run(processes, work.resolve("mqtt"), MqttBench.Sizes.forMode(sizes.mode()));
            r.put("mqtt_available", m.available());
            r.put("mqtt_unavailable_reason", m.available() ? null : m.unavailableReason());
            if (m.available()) {
              r.put("mqtt_devices", m.devices());
              r.put("mqtt_sessions", m.sessions());
              r.put("mqtt_command_rtt_us_p50", round(m.commands().p50Micros(), 1));
              r.put("mqtt_command_rtt_us_p99", round(m.commands().p99Micros(), 1));
              r.put("mqtt_command_round_trips", m.commands().sortedNanos().length);
              r.put("mqtt_echo_rtt_us_p50", round(m.echoes().p50Micros(), 1));
              r.put("mqtt_echo_rtt_us_p99", round(m.echoes().p99Micros(), 1));
              r.put("mqtt_echo_round_trips", m.echoes().sortedNanos().length);
              r.put("mqtt_state_changes_per_s", round(m.stateChangesPerSec(), 0));
              r.put("mqtt_updates_per_s", round(m.updatesPerSec(), 0));
              r.put("mqtt_updates_cap_per_s", round(m.updatesCapPerSec(), 0));
              r.put("mqtt_fleet_ls_ms", round(m.fleetListMs(), 1));
              r.put("mqtt_fleet_sessions", m.fleetSessions());
              r.put("mqtt_all_snapshots_ms", round(m.allSnapshotsMs(), 0));
              log("mqtt: %d devices × %d sessions: command p50 %.0f µs (raw MQTT echo %.0f µs), %.0f snapshots/s "
                  + "delivered for %.0f state changes/s (cap %.0f/s), fleet listing %.0f ms", m.devices(),
                  m.sessions() / Math.max(1, m.devices()), m.commands().p50Micros(), m.echoes().p50Micros(),
                  m.updatesPerSec(), m.stateChangesPerSec(), m.updatesCapPerSec(), m.fleetListMs());
            } else {
              log("mqtt: unavailable: %s", m.unavailableReason());
            }
          });
          ratio(r, "mqtt_command_p50_vs_echo", "mqtt_command_rtt_us_p50", "mqtt_echo_rtt_us_p50");
        }
        if (sizes.jmhIterations() > 0) {
          failed |= !measure.run("jmh", () -> {
            Map<String, Double> jmh = JmhBench.run(work.resolve("jmh.log"), sizes.jmhWarmups(), sizes.jmhIterations());
            r.put("jmh_settings", "1 fork, " + sizes.jmhWarmups() + " warm-up × 1 s, " + sizes.jmhIterations()
                + " iterations × 1 s");
            jmh.forEach((name, ns) -> {
              String key = "jmh_" + snake(name.substring(name.indexOf('.') + 1));
              r.put(key + "_name", name);
              r.put(key + "_ns", round(ns, 1));
            });
            log("jmh: %s", jmh);
          });
        }
      } finally {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    }
    Report.write(out, r, commandSamples[0]);
    if (failed) {
      log("some measurements failed; logs kept in %s", work);
    } else {
      deleteRecursively(work);
    }
    return r;
  }

  /** Runs one measurement; on failure records {@code <name>_error} and returns false. */
  private static boolean step(Map<String, Object> r, String name, Step step) {
    log("%s…", name);
    long t0 = System.nanoTime();
    try {
      step.run();
      r.put(name + "_elapsed_s", Stats.round((System.nanoTime() - t0) / 1e9, 1));
      return true;
    } catch (Exception e) {
      String message = e.getClass().getSimpleName() + ": " + e.getMessage();
      r.put(name + "_error", message);
      log("%s FAILED: %s", name, message);
      e.printStackTrace();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  private static void ratio(Map<String, Object> r, String key, String numerator, String denominator) {
    Double n = Report.number(r, numerator);
    Double d = Report.number(r, denominator);
    r.put(key, n == null || d == null || d == 0 ? null : round(n / d, 2));
  }

  /** Rounded, with NaN as null: JSON has no NaN, and a missing value must look missing. */
  private static Double round(double value, int digits) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : Stats.round(value, digits);
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** A progress line on stderr (stdout carries the report). */
  static void log(String format, Object... args) {
    System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      log("could not delete %s: %s", dir, e.getMessage());
    }
  }

  /** The machine, for the report: cores, CPU, memory, OS, JDK, date. */
  static final class Machine {
    private Machine() {}

    static Map<String, Object> describe(String mode) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cores", Runtime.getRuntime().availableProcessors());
      m.put("cpu", cpuModel());
      m.put("memory_gib", memoryGib());
      m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
          + System.getProperty("os.arch"));
      m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
          + System.getProperty("java.vendor") + ")");
      m.put("jvm_flags", Processes.JVM_FLAGS.isEmpty() ? "JVM defaults, as ./baton runs Baton"
          : String.join(" ", Processes.JVM_FLAGS));
      m.put("date", ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      m.put("mode", mode);
      return m;
    }

    private static String cpuModel() {
      try {
        for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
          if (line.startsWith("model name")) {
            return line.substring(line.indexOf(':') + 1).trim();
          }
        }
      } catch (IOException e) {
        // Not Linux, or unreadable: "unknown" below.
      }
      return "unknown CPU";
    }

    private static Object memoryGib() {
      try {
        for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
          if (line.startsWith("MemTotal:")) {
            return Stats.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0, 1);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // Unknown memory size: null below.
      }
      return null;
    }
  }
}
