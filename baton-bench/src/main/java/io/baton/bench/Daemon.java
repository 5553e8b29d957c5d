package io.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.api.AVSessionManager;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A Baton daemon under test: {@code baton daemon --socket S --state-dir D --config F} in its own JVM, exactly as
 * {@code ./baton up} runs it, with a configuration file written for the measurement.
 */
final class Daemon implements AutoCloseable {
  /** How long a daemon may take to print its ready line (generous: the machine may be busy). */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Processes.Child process;
  private final Path socket;
  private final double readyMs;

  private Daemon(Processes.Child process, Path socket, double readyMs) {
    this.process = process;
    this.socket = socket;
    this.readyMs = readyMs;
  }

  /**
   * Starts a daemon in {@code dir} (socket {@code dir/run/baton.sock}, state {@code dir/state}) with {@code config}
   * as its configuration file, and waits for its ready line.
   */
  static Daemon start(Processes processes, Path dir, String name, Map<String, ?> config)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path socket = dir.resolve("run/baton.sock").toAbsolutePath();
    Path configFile = dir.resolve("daemon.properties");
    Properties properties = new Properties();
    config.forEach((k, v) -> properties.setProperty(k, String.valueOf(v)));
    try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
      properties.store(w, "written by the Baton benchmark");
    }
    // Without the web control center: it starts after the ready line and is not what is measured here, and several
    // daemons run at once, of which only one could have its port.
    Processes.Child child = processes.baton(name, "daemon", "--socket", socket.toString(),
        "--state-dir", dir.resolve("state").toString(), "--config", configFile.toString(), "--no-web");
    String line = child.awaitLine("baton daemon ready on ", READY_TIMEOUT);
    double readyMs = (System.nanoTime() - child.startNanos()) / 1e6;
    if (!line.equals("baton daemon ready on " + socket)) {
      throw new IOException("unexpected ready line: " + line);
    }
    return new Daemon(child, socket, readyMs);
  }

  Path socket() {
    return socket;
  }

  long pid() {
    return process.pid();
  }

  /** Milliseconds from starting the JVM to the ready line. */
  double readyMs() {
    return readyMs;
  }

  long rssKb() {
    return Processes.rssKb(pid());
  }

  /** The daemon's live heap after a full GC, in bytes (-1 when jcmd is unavailable). */
  long heapAfterGcBytes() {
    return Processes.heapAfterGcBytes(pid());
  }

  /** A new SDK connection from this (the parent) process; the caller closes it. */
  AVSessionManager connect(String appId) {
    return AVSessionManager.builder().socket(socket).appId(appId).connect();
  }

  /** {@code baton dump}, through the SDK, parsed. */
  JsonNode dump() throws IOException {
    try (AVSessionManager manager = connect("baton.bench.dump")) {
      return JSON.readTree(manager.dump().join());
    }
  }

  /** The dump's entry for the client process {@code pid} (its first connection), or null. */
  static JsonNode clientOf(JsonNode dump, long pid) {
    for (JsonNode c : dump.path("clients")) {
      if (c.path("pid").asLong() == pid) {
        return c;
      }
    }
    return null;
  }

  /** SIGTERM, then SIGKILL after a bounded wait. */
  @Override
  public void close() {
    process.close();
  }
}
