package io.baton.bench.mpris;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference measurement for Baton's command round trip: the latency of the same kind of call made to a real MPRIS
 * player (mpv with the mpv-mpris plugin) over a private D-Bus session bus, plus the cost of driving that player with
 * {@code playerctl} the way a shell script would.
 *
 * <p>What is measured, in one run of {@link #measure(int, Path)}:
 *
 * <ul>
 *   <li>{@code PlayPause()} round trips from this JVM through dbus-daemon to mpv and back (a state-changing command);
 *   <li>{@code Properties.Get("org.mpris.MediaPlayer2.Player", "Position")} round trips (a state query);
 *   <li>the wall time of {@code playerctl -l} (process start, bus connection, name listing, exit);
 *   <li>the wall time of {@code /bin/true}, the fork-and-exec floor that the {@code playerctl} figure contains.
 * </ul>
 *
 * <p>Lifecycle: each call of {@code measure} starts its own {@code dbus-daemon} and {@code mpv} as child processes
 * of this JVM, with every file (tone, bus socket, logs) inside the given work directory, and stops both by their own
 * PIDs before returning, whatever happened. It never signals a process it did not start.
 *
 * <p>Threading: {@code measure} blocks the calling thread for a few seconds. Concurrent calls are safe only with
 * distinct work directories, and they would disturb each other's timings on a small machine.
 *
 * <p>Errors: missing programs and peers that fail to start are reported as {@link Result#unavailable(String)}, so a
 * benchmark run on a machine without mpv still completes; only misuse (bad arguments) throws.
 */
public final class MprisPeerBench {
  private static final Logger log = LoggerFactory.getLogger(MprisPeerBench.class);

  /** The well-known name mpv-mpris requests on the session bus. */
  /* package */ static final String MPV_BUS_NAME = "org.mpris.MediaPlayer2.mpv";
  /** Programs the measurement cannot do without; {@code sox} is optional (there is a Java fallback for the tone). */
  /* package */ static final List<String> REQUIRED_PROGRAMS = List.of("dbus-daemon", "mpv", "playerctl");
  /** Calls of each method made before timing starts, so that JIT compilation and connection set-up are excluded. */
  /* package */ static final int WARMUP_CALLS = 500;

  private static final String MPRIS_OBJECT_PATH = "/org/mpris/MediaPlayer2";
  private static final String PLAYER_INTERFACE = "org.mpris.MediaPlayer2.Player";
  private static final Path SESSION_CONFIG = Path.of("/usr/share/dbus-1/session.conf");
  private static final String BUS_ADDRESS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS";
  private static final int PROCESS_RUNS = 10;
  private static final int PROCESS_WARMUP_RUNS = 2;
  private static final Duration BUS_START_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PLAYER_APPEAR_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
  /** {@code sun_path} holds 108 bytes including the terminating NUL. */
  private static final int MAX_SOCKET_PATH_BYTES = 107;
  private static final int TONE_SECONDS = 60;
  private static final int TONE_RATE = 44_100;
  private static final int LOG_TAIL_CHARS = 2_000;

  private MprisPeerBench() {}

  /**
   * The outcome of one reference run; all latencies come from the same run, so they can be compared with each other
   * and with Baton figures measured alongside.
   *
   * <p>Percentiles use the nearest-rank method on the sorted raw samples (so p50 of an even count is the lower
   * middle sample). When {@code available} is false every number is {@code NaN} and {@code calls} is 0.
   *
   * @param available whether the peers ran and the numbers below are real
   * @param unavailableReason why the measurement could not be made, or the empty string when {@code available}
   * @param playPauseP50Us median round trip of {@code Player.PlayPause()}, in microseconds
   * @param playPauseP99Us 99th percentile round trip of {@code Player.PlayPause()}, in microseconds
   * @param getPositionP50Us median round trip of {@code Properties.Get(Player, "Position")}, in microseconds
   * @param getPositionP99Us 99th percentile round trip of {@code Properties.Get(Player, "Position")}, in microseconds
   * @param playerctlListMs median wall time of {@code playerctl -l} against the private bus, in milliseconds
   * @param trueBaselineMs median wall time of {@code /bin/true} started the same way, in milliseconds
   * @param calls timed calls per D-Bus method (warm-up calls excluded)
   */
  public record Result(
      boolean available,
      String unavailableReason,
      double playPauseP50Us,
      double playPauseP99Us,
      double getPositionP50Us,
      double getPositionP99Us,
      double playerctlListMs,
      double trueBaselineMs,
      int calls) {

    /** Checks that the reason is present, because an unavailable result without one is useless in a report. */
    public Result {
      Objects.requireNonNull(unavailableReason, "unavailableReason");
      if (!available && unavailableReason.isBlank()) {
        throw new IllegalArgumentException("an unavailable result needs a reason");
      }
    }

    /**
     * Returns a result that says the reference could not be measured.
     *
     * @param reason what was missing or failed, phrased for a benchmark report
     * @return a result with {@code available == false}, {@code NaN} latencies and {@code calls == 0}
     * @throws IllegalArgumentException if {@code reason} is blank
     */
    public static Result unavailable(String reason) {
      return new Result(
          false, reason, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, /* calls= */ 0);
    }
  }

  /**
   * Runs the reference measurement against a freshly started private bus and mpv.
   *
   * @param calls timed round trips per D-Bus method, after {@value #WARMUP_CALLS} warm-up calls of each
   * @param workDir directory for the tone, the bus socket and the peers' logs; created if missing, left in place
   * @return the measured numbers, or {@link Result#unavailable(String)} when a program is missing or a peer failed
   * @throws IllegalArgumentException if {@code calls < 1} or the bus socket path would exceed the Unix socket limit
   * @throws NullPointerException if {@code workDir} is null
   */
  public static Result measure(int calls, Path workDir) {
    if (calls < 1) {
      throw new IllegalArgumentException("calls must be at least 1, was " + calls);
    }
    Objects.requireNonNull(workDir, "workDir");
    Path dir = workDir.toAbsolutePath();
    Path socket = dir.resolve("bus.sock");
    if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
      throw new IllegalArgumentException("work directory too long for a Unix socket path: " + socket);
    }

    List<String> missing = missingPrograms();
    if (!missing.isEmpty()) {
      String reason = "missing programs on PATH: " + String.join(", ", missing)
          + " (install: apt-get install dbus mpv mpv-mpris playerctl)";
      log.warn("MPRIS reference not measured: {}", reason);
      return Result.unavailable(reason);
    }
    if (!Files.isRegularFile(SESSION_CONFIG)) {
      String reason = "missing " + SESSION_CONFIG + " (package dbus)";
      log.warn("MPRIS reference not measured: {}", reason);
      return Result.unavailable(reason);
    }

    String address = "unix:path=" + socket;
    Process bus = null;
    Process mpv = null;
    DBusConnection connection = null;
    try {
      Files.createDirectories(dir);
      Path tone = writeTone(dir);
      bus = startBus(dir, socket);
      mpv = startMpv(dir, address, tone);
      connection = DBusConnectionBuilder.forAddress(address).withShared(false).build();
      awaitPlayer(connection, mpv, dir);

      MprisPlayer player = connection.getRemoteObject(MPV_BUS_NAME, MPRIS_OBJECT_PATH, MprisPlayer.class);
      Properties properties = connection.getRemoteObject(MPV_BUS_NAME, MPRIS_OBJECT_PATH, Properties.class);
      checkPositionIsNumber(properties);

      // Warm both paths before timing either: they share dbus-java's marshalling and dispatch code.
      for (int i = 0; i < WARMUP_CALLS; i++) {
        player.playPause();
        properties.Get(PLAYER_INTERFACE, "Position");
      }
      long[] playPause = new long[calls];
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        player.playPause();
        playPause[i] = System.nanoTime() - start;
      }
      long[] getPosition = new long[calls];
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        properties.Get(PLAYER_INTERFACE, "Position");
        getPosition[i] = System.nanoTime() - start;
      }
      Arrays.sort(playPause);
      Arrays.sort(getPosition);

      String playerctlPath = findExecutable("playerctl").orElseThrow().toString();
      long[] playerctl = timeProgram(dir, address, "playerctl-list", playerctlPath, "-l");
      checkPlayerctlListsMpv(dir.resolve("playerctl-list.out"));
      // /bin/true is the classic fork+exec floor; the PATH lookup only covers systems without it.
      String truePath = Files.isExecutable(Path.of("/bin/true")) ? "/bin/true"
          : findExecutable("true").orElseThrow(() -> new PeerException("no true(1) for the baseline")).toString();
      long[] trueRuns = timeProgram(dir, address, "true", truePath);

      Result result = new Result(
          true,
          "",
          percentileMicros(playPause, 0.50),
          percentileMicros(playPause, 0.99),
          percentileMicros(getPosition, 0.50),
          percentileMicros(getPosition, 0.99),
          percentileMicros(playerctl, 0.50) / 1_000.0,
          percentileMicros(trueRuns, 0.50) / 1_000.0,
          calls);
      log.info("MPRIS reference measured: {}", result);
      return result;
    } catch (IOException | DBusException | DBusExecutionException | PeerException e) {
      // Handled here (and logged once) because a benchmark run must go on without the reference.
      log.warn("MPRIS reference not measured (work dir {})", dir, e);
      return Result.unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("MPRIS reference interrupted (work dir {})", dir);
      return Result.unavailable("interrupted");
    } finally {
      // Close the client before its bus goes away, so that dbus-java does not log a lost connection.
      if (connection != null) {
        try {
          connection.close();
        } catch (IOException | RuntimeException e) {
          log.warn("closing the D-Bus connection failed, continuing cleanup", e);
        }
      }
      stop(mpv, "mpv");
      stop(bus, "dbus-daemon");
      try {
        // dbus-daemon removes its socket on a clean exit, but not after destroyForcibly.
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        log.warn("could not delete {}", socket, e);
      }
    }
  }

  /**
   * Runs {@link #measure(int, Path)} and prints the result.
   *
   * <p>Arguments: {@code [calls] [workDir]}; defaults 2000 and a temporary directory that is deleted afterwards.
   *
   * @param args optional call count and work directory
   * @throws IOException if the temporary directory cannot be created
   */
  public static void main(String[] args) throws IOException {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    boolean temporary = args.length < 2;
    Path dir = temporary ? Files.createTempDirectory("baton-mpris-") : Path.of(args[1]);
    try {
      Result r = measure(calls, dir);
      if (!r.available()) {
        System.out.println("MPRIS reference unavailable: " + r.unavailableReason());
        return;
      }
      System.out.printf("MPRIS reference (mpv + mpv-mpris over a private dbus-daemon), %d calls each%n", r.calls());
      System.out.printf("  PlayPause()            p50 %8.1f us   p99 %8.1f us%n", r.playPauseP50Us(),
          r.playPauseP99Us());
      System.out.printf("  Get(Player, Position)  p50 %8.1f us   p99 %8.1f us%n", r.getPositionP50Us(),
          r.getPositionP99Us());
      System.out.printf("  playerctl -l           median %6.2f ms%n", r.playerctlListMs());
      System.out.printf("  /bin/true              median %6.2f ms%n", r.trueBaselineMs());
    } finally {
      if (temporary) {
        deleteRecursively(dir);
      }
    }
  }

  /** Returns the required programs that are not on {@code PATH}, in {@link #REQUIRED_PROGRAMS} order. */
  /* package */ static List<String> missingPrograms() {
    List<String> missing = new ArrayList<>();
    for (String program : REQUIRED_PROGRAMS) {
      if (findExecutable(program).isEmpty()) {
        missing.add(program);
      }
    }
    return missing;
  }

  /**
   * Finds an executable on {@code PATH}, so that the peers are started by absolute path and a missing one is
   * reported before anything is started.
   */
  /* package */ static Optional<Path> findExecutable(String name) {
    String path = System.getenv("PATH");
    if (path == null || path.isBlank()) {
      path = "/usr/local/bin:/usr/bin:/bin";
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(entry, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the sample at the given quantile by the nearest-rank method, in microseconds.
   *
   * @param sortedNanos samples in nanoseconds, sorted ascending, at least one
   * @param quantile between 0 (exclusive) and 1 (inclusive)
   */
  /* package */ static double percentileMicros(long[] sortedNanos, double quantile) {
    if (sortedNanos.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (!(quantile > 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1], was " + quantile);
    }
    int rank = (int) Math.ceil(quantile * sortedNanos.length);
    return sortedNanos[Math.max(rank, 1) - 1] / 1_000.0;
  }

  /**
   * Writes a 60 s, 440 Hz, 16-bit stereo WAV tone (sox's default for {@code -n} is 32-bit: twice the disk). WAV
   * rather than MP3, because sox needs the extra libsox-fmt-mp3 package for MP3 and mpv plays either; with sox
   * missing or failing, the same tone is synthesised in Java.
   */
  private static Path writeTone(Path dir) throws IOException, InterruptedException {
    Path tone = dir.resolve("tone60.wav");
    Optional<Path> sox = findExecutable("sox");
    if (sox.isPresent()) {
      Process p = new ProcessBuilder(sox.get().toString(), "-n", "-r", String.valueOf(TONE_RATE), "-c", "2",
          "-b", "16", tone.toString(), "synth", String.valueOf(TONE_SECONDS), "sine", "440", "vol", "0.3")
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("sox.log").toFile())
          .start();
      if (waitOrKill(p) == 0 && Files.size(tone) > 0) {
        return tone;
      }
      log.warn("sox failed (see {}), synthesising the tone in Java", dir.resolve("sox.log"));
    }
    AudioFormat format = new AudioFormat(TONE_RATE, /* sampleSizeInBits= */ 16, /* channels= */ 2,
        /* signed= */ true, /* bigEndian= */ false);
    int frames = TONE_RATE * TONE_SECONDS;
    byte[] pcm = new byte[frames * format.getFrameSize()];
    for (int i = 0; i < frames; i++) {
      short sample = (short) Math.round(0.3 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 440 * i / TONE_RATE));
      for (int channel = 0; channel < 2; channel++) {
        int at = i * 4 + channel * 2;
        pcm[at] = (byte) sample;
        pcm[at + 1] = (byte) (sample >> 8);
      }
    }
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, frames)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, tone.toFile());
    }
    return tone;
  }

  /**
   * Starts a private session bus in the foreground ({@code --nofork}) so that the {@link Process} we hold is the
   * daemon itself and can be stopped by its own PID, then waits until its socket exists and it printed its address.
   */
  private static Process startBus(Path dir, Path socket) throws IOException, InterruptedException, PeerException {
    // A socket left by an earlier, killed run would make the readiness check pass before the daemon listens.
    Files.deleteIfExists(socket);
    Path addressFile = dir.resolve("dbus-daemon.address");
    Path logFile = dir.resolve("dbus-daemon.log");
    Process bus = new ProcessBuilder(findExecutable("dbus-daemon").orElseThrow().toString(),
        "--config-file=" + SESSION_CONFIG, "--address=unix:path=" + socket, "--nofork", "--print-address=1")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(addressFile.toFile())
        .redirectError(logFile.toFile())
        .start();
    log.info("started dbus-daemon pid {} on {}", bus.pid(), socket);
    long deadline = System.nanoTime() + BUS_START_TIMEOUT.toNanos();
    // The address is printed after the socket is listening, so both together mean "ready".
    while (!(Files.exists(socket) && Files.size(addressFile) > 0)) {
      if (!bus.isAlive()) {
        throw new PeerException("dbus-daemon exited with " + bus.exitValue() + ": " + tail(logFile));
      }
      if (System.nanoTime() - deadline > 0) {
        throw new PeerException("dbus-daemon not ready within " + BUS_START_TIMEOUT + ": " + tail(logFile));
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
    return bus;
  }

  /**
   * Starts mpv on the private bus. The flags follow the test-environment notes: {@code --idle=yes --keep-open=yes}
   * keep mpv (and so its bus name) alive at end of file, and {@code --loop-file=inf} keeps Position moving.
   */
  private static Process startMpv(Path dir, String address, Path tone) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(findExecutable("mpv").orElseThrow().toString(),
        "--no-video", "--ao=null", "--no-terminal", "--idle=yes", "--keep-open=yes", "--loop-file=inf",
        "--log-file=" + dir.resolve("mpv.log"), tone.toString())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("mpv.out").toFile());
    builder.environment().put(BUS_ADDRESS_VARIABLE, address);
    Process mpv = builder.start();
    log.info("started mpv pid {} on {}", mpv.pid(), address);
    return mpv;
  }

  /** Polls the bus's name list until mpv-mpris has claimed its name, failing fast if mpv exits. */
  private static void awaitPlayer(DBusConnection connection, Process mpv, Path dir)
      throws DBusException, InterruptedException, PeerException {
    DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
    long deadline = System.nanoTime() + PLAYER_APPEAR_TIMEOUT.toNanos();
    while (!Arrays.asList(bus.ListNames()).contains(MPV_BUS_NAME)) {
      if (!mpv.isAlive()) {
        throw new PeerException("mpv exited with " + mpv.exitValue() + ": " + tail(dir.resolve("mpv.out")));
      }
      if (System.nanoTime() - deadline > 0) {
        throw new PeerException(MPV_BUS_NAME + " did not appear within " + PLAYER_APPEAR_TIMEOUT
            + " (is mpv-mpris installed, /etc/mpv/scripts/mpris.so?); see " + dir.resolve("mpv.log"));
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }

  /** Makes sure the timed Get really reaches the player's Position property rather than returning an error. */
  private static void checkPositionIsNumber(Properties properties) throws PeerException {
    Object position = properties.Get(PLAYER_INTERFACE, "Position");
    if (!(position instanceof Number)) {
      throw new PeerException("Position is not a number: " + position);
    }
  }

  /** Makes sure the timed {@code playerctl -l} really saw the player, so its time includes a real listing. */
  private static void checkPlayerctlListsMpv(Path output) throws IOException, PeerException {
    String listed = Files.readString(output);
    if (!listed.lines().map(String::strip).toList().contains("mpv")) {
      throw new PeerException("playerctl -l did not list mpv: '" + listed.strip() + "'");
    }
  }

  /**
   * Starts a program {@value #PROCESS_WARMUP_RUNS} + {@value #PROCESS_RUNS} times with the private bus in its
   * environment and returns the sorted wall times (start to exit) of the last {@value #PROCESS_RUNS} runs in
   * nanoseconds. The first run's output is kept in {@code <label>.out}; every run must exit 0.
   */
  private static long[] timeProgram(Path dir, String address, String label, String... command)
      throws IOException, InterruptedException, PeerException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true);
    builder.environment().put(BUS_ADDRESS_VARIABLE, address);
    long[] samples = new long[PROCESS_RUNS];
    for (int run = 0; run < PROCESS_WARMUP_RUNS + PROCESS_RUNS; run++) {
      builder.redirectOutput(run == 0 ? ProcessBuilder.Redirect.to(dir.resolve(label + ".out").toFile())
          : ProcessBuilder.Redirect.DISCARD);
      long start = System.nanoTime();
      Process p = builder.start();
      int exit = waitOrKill(p);
      long elapsed = System.nanoTime() - start;
      if (exit != 0) {
        throw new PeerException(String.join(" ", command) + " exited with " + exit);
      }
      if (run >= PROCESS_WARMUP_RUNS) {
        samples[run - PROCESS_WARMUP_RUNS] = elapsed;
      }
    }
    Arrays.sort(samples);
    return samples;
  }

  /** Waits for a short-lived child within {@link #COMMAND_TIMEOUT}; kills it and returns -1 if it overruns. */
  private static int waitOrKill(Process p) throws InterruptedException {
    if (p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      return p.exitValue();
    }
    log.warn("pid {} did not finish within {}, killing it", p.pid(), COMMAND_TIMEOUT);
    p.destroyForcibly();
    p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return -1;
  }

  /**
   * Stops a peer we started: SIGTERM, a bounded wait, then SIGKILL. Any children the peer itself started are
   * stopped too, so that nothing outlives the run; nothing else is touched. Never throws: this is cleanup.
   */
  private static void stop(Process process, String name) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("{} pid {} ignored SIGTERM for {}, killing it", name, process.pid(), STOP_TIMEOUT);
        process.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          log.error("{} pid {} still alive after SIGKILL", name, process.pid());
        }
      }
    } catch (InterruptedException e) {
      // Keep cleaning up, but let the caller see the interrupt.
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        log.warn("{} left child pid {} behind, killing it", name, child.pid());
        child.destroyForcibly();
      }
    }
    log.info("stopped {} pid {}", name, process.pid());
  }

  /** Returns the end of a peer's log for an error message; never throws, because it only decorates an error. */
  private static String tail(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.length() <= LOG_TAIL_CHARS ? text : "…" + text.substring(text.length() - LOG_TAIL_CHARS);
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A peer did not start, did not register, or answered nonsense; the message says which and quotes its log. */
  private static final class PeerException extends Exception {
    private static final long serialVersionUID = 1L;

    PeerException(String message) {
      super(message);
    }
  }
}
