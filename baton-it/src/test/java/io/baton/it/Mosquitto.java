package io.baton.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Mosquitto broker (Debian's {@code mosquitto}) on a free loopback port, with a configuration written by the
 * test (anonymous access, no persistence, so that a restart forgets every retained message), plus Debian's
 * {@code mosquitto_sub} / {@code mosquitto_pub} as independent clients. Every process is stopped by its own PID.
 */
final class Mosquitto implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  final int port;
  final Path log;
  private final Path config;
  private final List<String> extraConfig;
  private final List<Process> clients = new ArrayList<>();
  private Process broker;

  private Mosquitto(Path dir, int port, List<String> extraConfig) throws IOException {
    Files.createDirectories(dir);
    this.port = port;
    this.config = dir.resolve("mosquitto.conf");
    this.log = dir.resolve("mosquitto.log");
    this.extraConfig = extraConfig;
  }

  /** Starts a broker with a configuration in {@code dir}; {@code extraConfig} lines replace the plain listener. */
  static Mosquitto start(Path dir, String... extraConfig) throws IOException, InterruptedException {
    Mosquitto m = new Mosquitto(dir, freePort(), List.of(extraConfig));
    m.writeConfig();
    m.startBroker();
    return m;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void writeConfig() throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "per_listener_settings false",
        "allow_anonymous true",
        "persistence false",
        "log_dest file " + log.toAbsolutePath(),
        "log_type error",
        "log_type warning",
        "log_type notice",
        "log_type information",
        "connection_messages true",
        "listener " + port + " 127.0.0.1"));
    if ("root".equals(System.getProperty("user.name"))) {
      // As root, mosquitto would switch to the mosquitto user, which cannot write the test's directory.
      lines.add(0, "user root");
    }
    lines.addAll(extraConfig);
    Files.write(config, lines, StandardCharsets.UTF_8);
  }

  private void startBroker() throws IOException, InterruptedException {
    broker = new ProcessBuilder("mosquitto", "-c", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.resolveSibling("mosquitto.out").toFile()))
        .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!broker.isAlive()) {
        throw new AssertionError("mosquitto exited with " + broker.exitValue() + ": " + logText());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("mosquitto did not listen on " + port + " within " + START_TIMEOUT);
  }

  /** {@code tcp://127.0.0.1:PORT}. */
  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** Stops the broker (SIGTERM, by PID) and starts it again on the same port, without any retained message. */
  void restart() throws IOException, InterruptedException {
    stopBroker();
    startBroker();
  }

  /** Stops the broker (SIGTERM, by PID); {@link #startAgain()} brings it back on the same port. */
  void stop() throws InterruptedException {
    stopBroker();
  }

  /** Starts the stopped broker again, on the same port, without any retained message. */
  void startAgain() throws IOException, InterruptedException {
    startBroker();
  }

  private void stopBroker() throws InterruptedException {
    if (broker != null && broker.isAlive()) {
      broker.destroy();
      if (!broker.waitFor(10, TimeUnit.SECONDS)) {
        broker.destroyForcibly();
        broker.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * What a fresh subscriber to {@code filter} receives as retained messages: {@code mosquitto_sub --retained-only},
   * which stops at the first live message or after {@code seconds} of silence. Each line is {@code TOPIC PAYLOAD}.
   */
  List<String> retained(String filter, int seconds, String... extraArgs) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("mosquitto_sub", "-h", "127.0.0.1", "-p",
        String.valueOf(port), "-t", filter, "-v", "--retained-only", "-W", String.valueOf(seconds)));
    command.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    if (!p.waitFor(seconds + 10L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return lines;
  }

  /** Publishes {@code payload} to {@code topic} with {@code mosquitto_pub} (QoS 1, not retained). */
  void publish(String topic, String payload) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-q", "1",
        "-t", topic, "-m", payload).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("mosquitto_pub failed: " + output);
    }
  }

  /**
   * A {@code mosquitto_sub -v -t FILTER} running until closed, returned once its subscription is in place: proven by
   * receiving a probe published to {@code probeTopic} (which must match the filter). Lines are
   * {@code TOPIC PAYLOAD}.
   */
  Subscriber subscribe(String filter, String probeTopic) throws IOException, InterruptedException {
    Subscriber subscriber = subscribe(filter);
    String probe = "probe-" + System.nanoTime();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      publish(probeTopic, probe);
      if (subscriber.poll(l -> l.endsWith(probe), Duration.ofMillis(300))) {
        return subscriber;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("mosquitto_sub did not subscribe to " + filter + " within " + START_TIMEOUT);
      }
    }
  }

  /** A {@code mosquitto_sub -v -t FILTER} running until closed; its lines are {@code TOPIC PAYLOAD}. */
  Subscriber subscribe(String filter) throws IOException {
    Process p = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-q", "1",
        "-t", filter, "-v").redirectErrorStream(true).start();
    synchronized (clients) {
      clients.add(p);
    }
    return new Subscriber(p);
  }

  /** A running {@code mosquitto_sub}. */
  static final class Subscriber {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private Subscriber(Process process) {
      Thread pump = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException e) {
          // The subscriber was stopped.
        }
      }, "mosquitto_sub-" + process.pid());
      pump.setDaemon(true);
      pump.start();
    }

    /** Every line taken by {@link #await} so far, in order. */
    List<String> seen() {
      return new ArrayList<>(seen);
    }

    /** Whether a line that {@code matches} arrives within {@code timeout}. */
    boolean poll(Predicate<String> matches, Duration timeout) throws InterruptedException {
      try {
        await(matches, timeout);
        return true;
      } catch (AssertionError e) {
        return false;
      }
    }

    /** The first line (since the last match) that {@code matches}, waiting at most {@code timeout}. */
    String await(Predicate<String> matches, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
        if (line == null) {
          throw new AssertionError("no matching MQTT message within " + timeout + "; saw: " + seen);
        }
        seen.add(line);
        if (matches.test(line)) {
          return line;
        }
      }
    }
  }

  /** The payload of a {@code TOPIC PAYLOAD} line. */
  static String payload(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? "" : line.substring(space + 1);
  }

  /** The topic of a {@code TOPIC PAYLOAD} line. */
  static String topic(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? line : line.substring(0, space);
  }

  @Override
  public void close() throws InterruptedException {
    synchronized (clients) {
      for (Process p : clients) {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      clients.clear();
    }
    stopBroker();
  }
}
