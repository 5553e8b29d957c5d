package io.baton.discovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces created by a test, joined by veth pairs, and the probe processes ({@link DiscoveryProbeMain})
 * run inside them. Multicast stays inside the namespaces; nothing is bound on the host's interfaces. {@link #close()}
 * stops every process it started, by PID, and deletes every namespace it created.
 */
final class TestNetwork implements AutoCloseable {
  private static final Path JAVA = Paths.get(System.getProperty("java.home"), "bin", "java");

  private final String tag = Long.toString(ProcessHandle.current().pid() % 100_000);
  private final List<String> namespaces = new ArrayList<>();
  private final List<Probe> probes = new ArrayList<>();
  private int links;

  /** Why these tests cannot run here, or null when they can. */
  static String missingPrerequisite() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "creating network namespaces needs root (CI runs as root)";
    }
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, "ip"))) {
        return null;
      }
    }
    return "ip is not installed (.ci/run installs iproute2)";
  }

  /** Creates a namespace with {@code lo} up; returns its full name. */
  String namespace(String shortName) throws Exception {
    String ns = "baton-md-" + shortName + tag;
    run("ip", "netns", "add", ns);
    namespaces.add(ns);
    inNs(ns, "ip", "link", "set", "lo", "up");
    return ns;
  }

  /**
   * Joins two namespaces with a veth pair: {@code addressA}/24 in {@code a}, {@code addressB}/24 in {@code b}, both
   * up, without duplicate address detection; returns the interface names {a's end, b's end}.
   */
  String[] link(String a, String addressA, String b, String addressB) throws Exception {
    int n = links++;
    String ifA = "bmd" + tag + "a" + n;
    String ifB = "bmd" + tag + "b" + n;
    run("ip", "link", "add", ifA, "type", "veth", "peer", "name", ifB);
    run("ip", "link", "set", ifA, "netns", a);
    run("ip", "link", "set", ifB, "netns", b);
    inNs(a, "ip", "addr", "add", addressA + "/24", "dev", ifA);
    inNs(b, "ip", "addr", "add", addressB + "/24", "dev", ifB);
    inNs(a, "sysctl", "-q", "-w", "net.ipv6.conf." + ifA + ".accept_dad=0");
    inNs(b, "sysctl", "-q", "-w", "net.ipv6.conf." + ifB + ".accept_dad=0");
    inNs(a, "ip", "link", "set", ifA, "up");
    inNs(b, "ip", "link", "set", ifB, "up");
    return new String[] {ifA, ifB};
  }

  /** Routes multicast (224.0.0.0/4) in {@code ns} through {@code iface}. */
  void multicastRoute(String ns, String iface) throws Exception {
    inNs(ns, "ip", "route", "add", "224.0.0.0/4", "dev", iface);
  }

  /** Starts {@code DiscoveryProbeMain ARGS} inside {@code ns}. */
  Probe probe(String ns, String... args) throws IOException {
    return probe(ns, List.of(), args);
  }

  /** Starts {@code java JVM_OPTIONS DiscoveryProbeMain ARGS} inside {@code ns}. */
  Probe probe(String ns, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns, JAVA.toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dorg.slf4j.simpleLogger.log.io.baton.discovery=debug",
        "-cp", System.getProperty("java.class.path"), DiscoveryProbeMain.class.getName()));
    command.addAll(List.of(args));
    Probe probe = new Probe(new ProcessBuilder(command).start());
    probes.add(probe);
    return probe;
  }

  static void inNs(String ns, String... command) throws Exception {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    all.addAll(List.of(command));
    run(all.toArray(new String[0]));
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within 30 s");
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + output);
    }
  }

  @Override
  public void close() {
    for (int i = probes.size() - 1; i >= 0; i--) {
      probes.get(i).kill();
    }
    for (String ns : namespaces) {
      try {
        new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("could not delete network namespace " + ns + ": " + e);
      }
    }
  }

  /** A running probe: its stdout lines queued, its stderr (the log) kept; stopped by its own PID. */
  static final class Probe {
    final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer log = new StringBuffer();
    private final Writer stdin;

    Probe(Process process) {
      this.process = process;
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      pump(process.getInputStream(), true);
      pump(process.getErrorStream(), false);
    }

    private void pump(java.io.InputStream stream, boolean out) {
      Thread t = new Thread(() -> {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
          for (String line; (line = reader.readLine()) != null; ) {
            if (out) {
              lines.add(line);
            } else {
              log.append(line).append('\n');
            }
          }
        } catch (IOException ignored) {
          // The process ended; what it wrote is kept.
        }
      }, "probe-" + process.pid() + (out ? "-out" : "-err"));
      t.setDaemon(true);
      t.start();
    }

    /** The next stdout line starting with {@code event}, split at tabs; fails after {@code timeout}. */
    String[] await(String event, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("no " + event + " line within " + timeout + " (alive: " + process.isAlive()
              + "); log:\n" + log);
        }
        String[] fields = line.split("\t");
        if (fields[0].equals(event)) {
          return fields;
        }
      }
    }

    /** Every stdout line not yet taken by {@link #await}. */
    List<String> pending() {
      return new ArrayList<>(lines);
    }

    String log() {
      return log.toString();
    }

    /** Asks the probe to close what it runs (goodbye packets) and exit. */
    void stop() throws IOException {
      stdin.write("stop\n");
      stdin.flush();
    }

    void kill() {
      try {
        stdin.close();
      } catch (IOException ignored) {
        // Already gone.
      }
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
