package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private D-Bus session bus for one test: {@code dbus-daemon} with the test's own configuration (no service
 * activation, no system files), listening on {@code bus.sock} in the test's directory. Started and stopped by its own
 * PID; {@link #restart()} brings it back on the same address, as a desktop's bus would after a crash.
 *
 * <p>Also runs the bus's command-line clients (playerctl, dbus-send) against it, with a timeout.
 */
final class PrivateBus implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
  /** What MPRIS tests need on PATH; missing ones make the test skip with this list in the message. */
  static final List<String> PROGRAMS = List.of("dbus-daemon", "dbus-send", "dbus-monitor", "playerctl", "mpv", "sox");

  private final Path dir;
  private final Path socket;
  private final Path config;
  private Process process;

  private PrivateBus(Path dir) throws IOException {
    this.dir = dir;
    this.socket = dir.resolve("bus.sock");
    this.config = dir.resolve("bus.conf");
    // A session bus that only this test uses: EXTERNAL auth (same uid), everyone may own names and monitor.
    Files.writeString(config, """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>unix:path=%s</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>
        """.formatted(socket), StandardCharsets.UTF_8);
  }

  /** Starts a bus in {@code dir} (created if missing) and waits until it accepts connections. */
  static PrivateBus start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    PrivateBus bus = new PrivateBus(dir);
    bus.launch();
    return bus;
  }

  /** The programs of {@link #PROGRAMS} that are not on PATH. */
  static List<String> missingPrograms() {
    List<String> missing = new ArrayList<>();
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String program : PROGRAMS) {
      boolean found = Arrays.stream(path.split(File.pathSeparator))
          .anyMatch(entry -> Files.isExecutable(Path.of(entry, program)));
      if (!found) {
        missing.add(program);
      }
    }
    return missing;
  }

  private void launch() throws IOException, InterruptedException {
    Files.deleteIfExists(socket);
    Path out = dir.resolve("dbus-daemon.out");
    process = new ProcessBuilder("dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("dbus-daemon.err").toFile()))
        .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    // It prints its address once it listens.
    while (!(Files.exists(socket) && Files.size(out) > 0)) {
      assertThat(process.isAlive()).as("dbus-daemon exited: %s", Files.readString(dir.resolve("dbus-daemon.err")))
          .isTrue();
      assertThat(System.nanoTime() - deadline).as("dbus-daemon not ready within %s", START_TIMEOUT).isNegative();
      Thread.sleep(20);
    }
  }

  /** The bus address, for {@code --mpris-bus} and {@code DBUS_SESSION_BUS_ADDRESS}. */
  String address() {
    return "unix:path=" + socket;
  }

  /** Stops the bus (SIGTERM, then SIGKILL), like a crash for its clients: every connection breaks. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Stops the bus and starts a new one on the same address. */
  void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  /** Starts a program with this bus as its session bus (stdout and stderr to files in the bus's directory). */
  Process spawn(String name, List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().put("DBUS_SESSION_BUS_ADDRESS", address());
    return builder.start();
  }

  /** Runs a program with this bus as its session bus, to completion (at most {@link #TOOL_TIMEOUT}). */
  Result run(String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("DBUS_SESSION_BUS_ADDRESS", address());
    Path out = Files.createTempFile(dir, "tool", ".out");
    Path err = Files.createTempFile(dir, "tool", ".err");
    Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
      throw new AssertionError(String.join(" ", command) + " did not finish within " + TOOL_TIMEOUT);
    }
    Result result = new Result(p.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
    Files.delete(out);
    Files.delete(err);
    return result;
  }

  /** {@code playerctl ARGS}. */
  Result playerctl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("playerctl"));
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  /** The players {@code playerctl -l} lists (an empty list when there is none). */
  List<String> players() throws IOException, InterruptedException {
    Result r = playerctl("-l");
    return r.exitCode() == 0 ? r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList() : List.of();
  }

  /** The names on the bus ({@code org.freedesktop.DBus.ListNames}), through dbus-send. */
  List<String> names() throws IOException, InterruptedException {
    Result r = run("dbus-send", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
        "org.freedesktop.DBus.ListNames");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stdout().lines().map(String::strip).filter(l -> l.startsWith("string \""))
        .map(l -> l.substring("string \"".length(), l.length() - 1)).toList();
  }

  @Override
  public void close() throws Exception {
    stop();
    Files.deleteIfExists(socket);
  }

  /** A finished tool: its exit code and output. */
  record Result(int exitCode, String stdout, String stderr) {}
}
