package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.AVSessionManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One test's Baton world: a real daemon process on a socket in the test's directory, plus the other processes and
 * SDK connections the test opens, all closed by {@link #close()}.
 */
final class BatonFixture implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  final Path socket;
  Path stateDir;
  private JavaProcess daemon;
  private final List<AutoCloseable> resources = new ArrayList<>();

  BatonFixture(Path dir) {
    this.socket = dir.resolve("run/baton.sock");
    this.stateDir = dir.resolve("state");
  }

  /**
   * Starts the daemon and waits until it prints that it is ready. Without the web control center unless
   * {@code extraArgs} mention {@code --web}: tests run many daemons at once, and only one could have its port.
   */
  BatonFixture startDaemon(String... extraArgs) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("daemon", "--socket", socket.toString(),
        "--state-dir", stateDir.toString()));
    args.addAll(List.of(extraArgs));
    if (!args.contains("--web") && !args.contains("--no-web")) {
      args.add("--no-web");
    }
    daemon = JavaProcess.baton(args);
    String ready = daemon.awaitLineStartingWith("baton daemon ready on ", START_TIMEOUT);
    assertThat(ready).isEqualTo("baton daemon ready on " + socket.toAbsolutePath());
    return this;
  }

  /** Starts the daemon with its history in {@code dir} (for example a small file system the test mounted). */
  BatonFixture startDaemonWithStateDir(Path dir) throws IOException, InterruptedException {
    stateDir = dir;
    return startDaemon();
  }

  JavaProcess daemon() {
    return daemon;
  }

  /** Starts {@code baton demo-player ARGS} and returns it once it printed its session id. */
  DemoPlayer demoPlayer(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("demo-player", "--socket", socket.toString()));
    all.addAll(List.of(args));
    JavaProcess p = track(JavaProcess.baton(all));
    String sessionId = p.nextLine(START_TIMEOUT);
    assertThat(sessionId).matches("[0-9A-F]{64}");
    return new DemoPlayer(p, sessionId);
  }

  /** Runs {@code baton ARGS --socket S} to completion. */
  CliResult cli(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--socket");
    all.add(socket.toString());
    JavaProcess p = JavaProcess.baton(all);
    int exit = p.waitFor(START_TIMEOUT);
    return new CliResult(exit, String.join("\n", p.drainLines()), p.stderr());
  }

  /** Starts a long-running {@code baton ARGS --socket S} (e.g. watch). */
  JavaProcess cliProcess(String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--socket");
    all.add(socket.toString());
    return track(JavaProcess.baton(all));
  }

  /**
   * An SDK connection from the test JVM that waits up to 30 s for the daemon: on a crowded machine a fresh JVM's first
   * connection can take longer than the SDK's default 3 s. Tests of the 3 s retry itself pass it explicitly.
   */
  AVSessionManager manager(String appId) {
    return manager(appId, Duration.ofSeconds(30));
  }

  /** An SDK connection from the test JVM that waits up to {@code retryTimeout} for the daemon. */
  AVSessionManager manager(String appId, Duration retryTimeout) {
    AVSessionManager m = AVSessionManager.builder().socket(socket).appId(appId).retryTimeout(retryTimeout).connect();
    resources.add(m);
    return m;
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  record CliResult(int exitCode, String stdout, String stderr) {}

  /** A demo player process and its session id. */
  record DemoPlayer(JavaProcess process, String sessionId) {}

  @Override
  public void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        // Cleanup continues: every resource must get its chance to close.
      }
    }
    if (daemon != null) {
      daemon.close();
    }
  }
}
